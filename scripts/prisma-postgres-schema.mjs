/**
 * The PostgreSQL schema from the SQLite one: the same models, another datasource provider and
 * client folder. Native column types (jsonb, bytea, timestamptz) are the PostgreSQL migrations'
 * business (prisma/postgres/migrations); Prisma reads them through the same field types.
 */
export function postgresSchema(sqliteSchema) {
  const out = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/db\/generated"/, 'output   = "../../lib/db/generated-postgres"');
  if (out === sqliteSchema || !out.includes('"postgresql"') || !out.includes("generated-postgres")) {
    throw new Error("prisma/schema.prisma: expected provider = \"sqlite\" and output = \"../lib/db/generated\"");
  }
  return "// Generated from prisma/schema.prisma by scripts/prisma-generate.mjs (npm install): do not edit.\n" + out;
}
