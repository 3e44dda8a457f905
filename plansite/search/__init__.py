"""The search index (Pagefind)."""
