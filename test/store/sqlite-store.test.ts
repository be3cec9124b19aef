import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store';
import { storeContract } from './store-contract';

storeContract('SQLite', async () => {
  const store = await openSqliteStore(':memory:');
  return { store, close: () => store.close() };
});
