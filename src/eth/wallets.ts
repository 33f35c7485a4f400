/**
 * The parts of ethers the agent loads on demand (key generation and derivation, keystores, signed
 * messages), imported by name and loaded with `import('../eth/wallets.js')`. The bundler keeps
 * only what these names need: `import('ethers')` would keep every export (providers, contracts,
 * ABI coders: ~1 MB of code, ~15 MiB more resident than wallets alone, for as long as the agent
 * runs after its first signature).
 */
export { HDNodeWallet, Wallet, decryptKeystoreJson, encryptKeystoreJson } from 'ethers';
