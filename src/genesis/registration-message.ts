export function signerRegistrationMessage(challenge: string, address: string): string { return `geth-agent signer registration\naddress: ${address}\nchallenge: ${challenge}`; }
