-- Run once by the postgres image when docker-compose.yml's database is first made (docker-entrypoint-initdb.d),
-- as the schema's owner (POSTGRES_USER, timeline). The API runs as timeline_app, which reads and writes every table
-- the owner makes but cannot alter or drop one; the owner's connection (ConnectionStrings__TimelineOwner) migrates at
-- start. See SECURITY.md.
CREATE ROLE timeline_app LOGIN PASSWORD 'timeline_app';
CREATE SCHEMA IF NOT EXISTS timeline;
CREATE SCHEMA IF NOT EXISTS hangfire;
GRANT USAGE ON SCHEMA timeline, hangfire TO timeline_app;
ALTER DEFAULT PRIVILEGES FOR ROLE timeline GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO timeline_app;
ALTER DEFAULT PRIVILEGES FOR ROLE timeline GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO timeline_app;
