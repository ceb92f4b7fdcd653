"""Operations: health check, backups and restores, and a large-practice generator."""
