"""Cross-references between documents: implementation chains, citations."""
