/** The registries `import --as KIND` reads (apart from their importers, so parsing arguments loads none of them). */
export const REGISTRY_KINDS = ['grids', 'sensors', 'crews', 'users', 'readings'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];
