"""Operations: health check, backups and restores, and a generator of large practices for load tests."""
