import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { startTwoUpstreamGateway, type TwoUpstreamGateway } from './support/two-upstream-gateway.ts';

const now = (): string => new Date().toISOString();
const answers = (interval: number) => ({
  BootNotification: () => ({ status: 'Accepted', interval, currentTime: now() }),
  StatusNotification: () => ({}),
  TransactionEvent: () => ({}),
});

describe('the gateway between an OCPP 2.0.1 charger and two real CSMSs', () => {
  let gateway: TwoUpstreamGateway;
  let charger: Charger | undefined;

  beforeAll(async () => {
    gateway = await startTwoUpstreamGateway('ocpp2.0.1', answers(300));
    await gateway.edge.admin('PUT', '/routes/groups/wave-201', {
      selector: { idPattern: 'CS-201-*' },
      upstreams: gateway.upstreams('primary', 'observer'),
    });
    charger = await connectCharger({ baseUrl: gateway.edge.wsUrl, identity: 'CS-201-1', protocol: 'ocpp2.0.1' });
  });

  afterAll(async () => {
    await charger?.close({ force: true });
    await gateway?.close();
  });

  it('answers with the primary, mirrors in order, and refuses the observer control with SecurityError', async () => {
    const cs = charger as Charger;
    cs.handle('RequestStartTransaction', async () => ({ status: 'Accepted' }));
    expect(await cs.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Gateway-Test', vendorName: 'Switchyard' } })).toMatchObject({ interval: 300 });
    const sent = ['BootNotification'];
    for (let seqNo = 0; seqNo < 5; seqNo++) {
      await cs.call('TransactionEvent', {
        eventType: seqNo === 0 ? 'Started' : 'Updated',
        timestamp: now(),
        triggerReason: seqNo === 0 ? 'Authorized' : 'MeterValuePeriodic',
        seqNo,
        transactionInfo: { transactionId: 'TX-201-1' },
      });
      sent.push('TransactionEvent');
    }
    expect(gateway.primary.actionsFrom('CS-201-1')).toEqual(sent);
    await eventually(async () => expect(gateway.observer.actionsFrom('CS-201-1')).toEqual(sent));
    expect(gateway.observer.received.filter((call) => call.action === 'TransactionEvent').map((call) => call.params['seqNo'])).toEqual([0, 1, 2, 3, 4]);

    await expect(gateway.observer.call('CS-201-1', 'RequestStartTransaction', { idToken: { idToken: 'T', type: 'Central' }, remoteStartId: 1 })).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    expect(await gateway.primary.call('CS-201-1', 'RequestStartTransaction', { idToken: { idToken: 'T', type: 'Central' }, remoteStartId: 2 })).toEqual({ status: 'Accepted' });
  });
});
