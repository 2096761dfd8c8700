// The engine's in-memory reference store must keep the same contract as the durable ones.
import { MemoryStore } from '@weft/engine';
import { storeContract } from './store-contract';

storeContract('MemoryStore (@weft/engine)', () => Promise.resolve({ store: new MemoryStore() }));
