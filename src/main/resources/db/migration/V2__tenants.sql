-- Tenants are onboarded by an admin; their users live in Keycloak (ADR 0006).
create table tenant (
    id          text primary key,
    name        text not null,
    created_at  timestamptz not null
);

-- Who onboarded which organisation, and what came of it.
create table onboarding_audit (
    id          bigserial primary key,
    at          timestamptz not null,
    actor       text not null,
    kind        text not null check (kind in ('partner', 'tenant')),
    org_id      text not null,
    outcome     text not null,
    detail      text not null
);
