import { randomBytes } from 'node:crypto';
import { runListContract } from './conformance/run-list-contract';
import { openStore } from './open-store';

const pg = process.env.WEFT_TEST_PG_URL;
if (!pg)
  throw new Error('WEFT_TEST_PG_URL is not set: run through the root vitest config, which starts PostgreSQL');

runListContract('SQLite', () => openStore('sqlite::memory:'));
runListContract('PostgreSQL', () =>
  openStore(`${pg}${pg.includes('?') ? '&' : '?'}schema=t_${randomBytes(6).toString('hex')}`),
);
