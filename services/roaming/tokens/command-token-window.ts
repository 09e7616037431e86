/**
 * OCPI commands chapter: a token an eMSP sends in START_SESSION or RESERVE_NOW is its authorization for
 * 15 minutes, so nobody asks the eMSP about it again in that window. The OCPI service answers from its
 * command grants within it; the projectors count a start within it as started by the command.
 */
export const commandTokenWindowMs = 15 * 60_000;
