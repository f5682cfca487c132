/**
 * Text-to-SQL with a safety gate. {@link dev.quarry.agents.sql.TextToSql} turns a question into SQL with a
 * chat model, checks it with {@link dev.quarry.agents.sql.SqlGuard} (one read-only SELECT over allow-listed
 * tables and columns, no denied function, a row limit), runs it read-only with a statement timeout, lets the
 * model repair refused or failed queries, and has it write the answer; {@code asTool()} offers the same to an
 * agent. H2 and PostgreSQL are supported.
 */
package dev.quarry.agents.sql;
