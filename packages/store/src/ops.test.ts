import { randomBytes } from 'node:crypto';
import { opsContract } from './conformance/ops-contract';
import { openStore } from './open-store';

const pg = process.env.WEFT_TEST_PG_URL;
if (!pg)
  throw new Error('WEFT_TEST_PG_URL is not set: run through the root vitest config, which starts PostgreSQL');

opsContract('SQLite', () => openStore('sqlite::memory:'));
opsContract('PostgreSQL', () =>
  openStore(`${pg}${pg.includes('?') ? '&' : '?'}schema=t_${randomBytes(6).toString('hex')}`),
);
