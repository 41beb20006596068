// The statuses a request and its role pass through, as the status machine (domain/status-machine.ts) allows them.
import type { RequestStatus } from './enums';
import { ACTOR_CAPACITIES, REQUEST_EVENTS, transitionFor } from './status-machine';

export { isLive, LIVE_STATUSES } from './status-machine';

/** Whether some event, by someone, in some request, leads from `from` to `to` (a summary of the machine's table). */
export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return REQUEST_EVENTS.some((event) =>
    ACTOR_CAPACITIES.some((capacity) =>
      (['ATTACH', 'OPERATOR_CREATION'] as const).some((type) =>
        (['none', 'active', 'pending'] as const).some((newOperator) => {
          const answer = transitionFor({ status: from, event, capacity, type, newOperator, hasReason: true });
          return answer.ok && answer.to === to && to !== from;
        }),
      ),
    ),
  );
}
