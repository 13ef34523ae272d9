import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config/config.js';

describe('core/config/config', () => {
  it('reads the bridge settings with the server ones, with their defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ MQTT_ALLOW_ANONYMOUS: '0', READINGS_RETENTION_DAYS: 30, SIMULATE: '1' });
    expect(c.BRIDGE_ID).toBeUndefined();
    const set = loadConfig({
      MQTT_ALLOW_ANONYMOUS: '1',
      READINGS_RETENTION_DAYS: '0',
      SIMULATE: '0',
      BRIDGE_ID: 'bridge-a.1',
    });
    expect(set).toMatchObject({
      MQTT_ALLOW_ANONYMOUS: '1',
      READINGS_RETENTION_DAYS: 0,
      SIMULATE: '0',
      BRIDGE_ID: 'bridge-a.1',
    });
  });

  it('names every bad bridge setting', () => {
    expect(() => loadConfig({ MQTT_ALLOW_ANONYMOUS: 'yes', READINGS_RETENTION_DAYS: '-1', BRIDGE_ID: 'a b' })).toThrow(
      /MQTT_ALLOW_ANONYMOUS[\s\S]*READINGS_RETENTION_DAYS[\s\S]*BRIDGE_ID/,
    );
  });
});
