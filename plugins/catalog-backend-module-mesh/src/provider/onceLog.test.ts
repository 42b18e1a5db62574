import { mockServices } from '@backstage/backend-test-utils';
import { OnceLog } from './onceLog';

describe('OnceLog', () => {
  it('warns once per problem, then says when it is gone', () => {
    const logger = mockServices.logger.mock();
    const log = new OnceLog(logger, p => `resolved: ${p}`);
    log.report(['a']);
    log.report(['a', 'b']);
    log.report(['b']);
    expect(logger.warn.mock.calls).toEqual([['a'], ['b']]);
    expect(logger.info.mock.calls).toEqual([['resolved: a']]);
  });
});
