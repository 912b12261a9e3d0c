-- How much PostgreSQL's compression of quote options costs, pglz (the default) against lz4
-- (migration V8), on 20,000 options documents shaped like the load run's (ten options, ~6.6 KB):
--   psql -X -h 127.0.0.1 -U postgres -f src/test/load/toast-compression.sql
-- Everything is in temporary tables; nothing is left behind. Compare the "Time:" of the inserts.
\timing on
create temp table options_src (x text);
insert into options_src
select (select string_agg(format('{"rank":%s,"total":%s,"currency":"USD","startAt":"2026-11-27T10:00:00Z",'
        '"endAt":"2026-11-30T10:00:00Z","reason":"costs %s USD more than rank 1; total 3,142.96 USD; starts at '
        'requested earliest start; preferred model #1 (H100-SXM-80GB); site reliability 0.99","legs":[{"offerId":"%s",'
        '"partnerId":"load-partner-3","siteId":"site-17","siteName":"Load site 17 in DE","country":"DE",'
        '"jurisdiction":"EU","gpuModel":"H100-SXM-80GB","gpuCount":16,"startAt":"2026-11-27T10:00:00Z",'
        '"endAt":"2026-11-30T10:00:00Z","offerCurrency":"EUR","unitPrice":2.51,"offerCurrencyTotal":2891.52,'
        '"total":3142.96,"requiresConfirmation":false}]}',
        r, (random() * 5000)::numeric(10, 2), (random() * 100)::numeric(8, 2), gen_random_uuid()), ',')
          from generate_series(1, 10) r)
  from generate_series(1, 20000) g;
create temp table options_pglz (x text compression pglz);
create temp table options_lz4 (x text compression lz4);
\echo pglz, then lz4, twice each (appending an empty string makes new values, which are compressed):
insert into options_pglz select x || '' from options_src;
insert into options_lz4 select x || '' from options_src;
insert into options_pglz select x || '' from options_src;
insert into options_lz4 select x || '' from options_src;
\echo average stored size, pglz then lz4 (bytes):
select round(avg(pg_column_size(x))) from options_pglz;
select round(avg(pg_column_size(x))) from options_lz4;
