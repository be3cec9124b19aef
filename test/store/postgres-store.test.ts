import { postgresStores } from '../postgres/pg-test-store';
import { storeContract } from './store-contract';

const stores = postgresStores('store_contract');
afterAll(() => stores.dropAll());

storeContract('PostgreSQL', stores.open);
