/** The roles an agent runs as (`GETH_AGENT_ROLE`). */
export const roles = ['genesis', 'boot', 'sealer', 'client'] as const;
export type Role = (typeof roles)[number];

/** Roles that run geth or bootnode (every role but the genesis server). */
export const nodeRoles: readonly Role[] = ['boot', 'sealer', 'client'];

/** Roles whose geth may serve JSON-RPC over HTTP/WS (a boot node never does). */
export const rpcRoles: readonly Role[] = ['sealer', 'client'];

/** Roles that may hold an account key (sealers always, clients with GETH_AGENT_CREATE_ACCOUNT). */
export const accountRoles: readonly Role[] = ['sealer', 'client'];
