-- A read-only PostgreSQL role for reporting consumers: the projection tables only (no BSN in any of them),
-- never the event store (wlz_events), the tracking table or the key table (persoonssleutels).
--   psql "$DATABASE_URL" -v wachtwoord="'...'" -f deploy/rapportage_rol.sql
CREATE ROLE wlz_rapportage LOGIN PASSWORD :wachtwoord;
GRANT USAGE ON SCHEMA public TO wlz_rapportage;
GRANT SELECT ON budget_ledger, budget_mutatie, plafond_ledger, plafond_drempel, plafond_alert, projectie_positie TO wlz_rapportage;
REVOKE ALL ON wlz_events, notification_tracking, persoonssleutels FROM wlz_rapportage;
