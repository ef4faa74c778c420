/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/test', '<rootDir>/seeds', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // flatbush (and its flatqueue) ship ES modules only; compile them to CommonJS like our own code.
    '/node_modules/(flatbush|flatqueue|geojson-vt|pbf|@mapbox/vector-tile|@mapbox/point-geometry)/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(flatbush|flatqueue|geojson-vt|pbf|@mapbox/vector-tile|@mapbox/point-geometry)/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120000,
  // Two cores: two workers, each with its own database (an embedded copy or a server database).
  maxWorkers: 2,
};
