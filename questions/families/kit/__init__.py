"""What family modules are built from: drawing, text and diagram helpers, no families."""
