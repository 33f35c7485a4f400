export { allocatePorts as freePorts } from '../../src/devnet/ports.js';
