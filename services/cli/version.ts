import packageJson from '../../package.json' with { type: 'json' };

export const switchyardVersion: string = packageJson.version;
