import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
let t=Date.now();
const lite = await PGlite.create();
console.log('create', Date.now()-t); t=Date.now();
const pool = new pg.Pool(createPgConfig(lite));
const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
const r = await sql`select version(), now()`.execute(db);
console.log(r.rows, Date.now()-t);
await sql`create table x(id int primary key, j jsonb)`.execute(db);
try { await sql`insert into x values (1,'{}'),(1,'{}')`.execute(db) } catch(e) { console.log('err', e.code, e.constraint, e.constructor.name) }
try { await sql`do $$ begin raise exception using errcode='BT001', message='cap', detail='{"a":1}', hint='h'; end $$`.execute(db) } catch(e) { console.log('err', e.code, e.message, e.detail, e.hint) }
await db.transaction().execute(async tx => { await sql`insert into x values (2, ${JSON.stringify({a:1})})`.execute(tx) });
console.log((await sql`select * from x`.execute(db)).rows);
t=Date.now();
const dump = await lite.dumpDataDir('none');
console.log('dump', Date.now()-t, dump.size); t=Date.now();
const l2 = await PGlite.create({ loadDataDir: dump });
console.log('load', Date.now()-t, (await l2.query('select count(*) from x')).rows); t=Date.now();
const l3 = await lite.clone();
console.log('clone', Date.now()-t);
