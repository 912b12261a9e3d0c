-- Quote options (about 7 KB of JSON each) are written thousands of times a second under load and
-- compressed by PostgreSQL on the way in. lz4 makes them as small as the default pglz does for
-- about a sixth of the CPU (src/test/load/toast-compression.sql, docs/performance.md). Only new
-- values use it. A server built without lz4 keeps pglz rather than failing the migration.
do $$
begin
    alter table quote alter column options set compression lz4;
exception when feature_not_supported then
    raise notice 'lz4 is not available on this server: quote options stay compressed with pglz';
end
$$;
