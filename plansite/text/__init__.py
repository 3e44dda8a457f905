"""Rules about Vietnamese text: folding, document numbers."""
