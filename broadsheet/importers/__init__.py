"""Moving an archive in: one module per source format, one writer that stores posts."""
