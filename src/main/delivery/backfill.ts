/**
 * Backfill: replays chosen events of the account to a webhook URL the way the cloud would have
 * sent them, oldest first, with progress, cancel, and a stop at the first failure unless asked
 * to continue.
 */
import { randomUUID } from 'node:crypto'
import type { BackfillInput, PushEvent } from '$shared/contract'
import type { AccountService, ActiveSession } from '../account/account-service'
import type { Event } from '$shared/traccar'
import { eventTime } from '$shared/event-time'
import { checkTarget, cloudHeaders, type DeliveryService } from './delivery-service'
import { BodyBuilder } from './body-builder'

export class Backfill {
  private jobs = new Map<string, { cancelled: boolean }>()

  constructor(
    private readonly accounts: AccountService,
    private readonly delivery: DeliveryService,
    private readonly push: (event: PushEvent) => void,
    /** An event the Events view listed, so it is not fetched again. */
    private readonly listed: (id: number) => Event | undefined,
  ) {}

  async start(input: BackfillInput): Promise<{ jobId: string; total: number }> {
    const session = this.accounts.require()
    checkTarget('backfill', input.url, input.psk)
    const events: Event[] = []
    for (const id of new Set(input.eventIds)) {
      events.push(this.listed(id) ?? (await session.client.getJson<Event>(`/api/events/${id}`)))
    }
    // An event without a time (none seen in practice) sorts first.
    const time = (e: Event): number => Date.parse(eventTime(e)) || 0
    events.sort((a, b) => time(a) - time(b) || a.id - b.id)
    const jobId = randomUUID()
    const job = { cancelled: false }
    this.jobs.set(jobId, job)
    void this.run(jobId, job, session, events, input)
    return { jobId, total: events.length }
  }

  cancel(jobId: string): void {
    const job = this.jobs.get(jobId)
    if (job) job.cancelled = true
  }

  private async run(
    jobId: string,
    job: { cancelled: boolean },
    session: ActiveSession,
    events: Event[],
    input: BackfillInput,
  ): Promise<void> {
    let delivered = 0
    let failed = 0
    let stoppedOnFailure = false
    try {
      const bodies = await new BodyBuilder(session.client, session.server.version).replays(events)
      for (const [i, event] of events.entries()) {
        if (job.cancelled) break
        const record = await this.delivery.deliver({
          url: input.url,
          headers: cloudHeaders(input.psk, 'replay'),
          body: bodies[i]!,
          eventType: event.type,
          timeoutMs: input.timeoutMs,
          insecureTls: false,
          kind: 'replay',
        })
        if (record.verdict === 'delivered') delivered++
        else failed++
        this.push({
          type: 'backfill.progress',
          jobId,
          done: i + 1,
          total: events.length,
          result: {
            eventId: event.id,
            verdict: record.verdict,
            status: record.response?.status ?? null,
            title: record.diagnosis.title,
            deliveryId: record.id,
          },
        })
        if (record.verdict !== 'delivered' && !input.continueOnFailure) {
          stoppedOnFailure = true
          break
        }
      }
    } catch {
      failed++
      stoppedOnFailure = true
    } finally {
      this.jobs.delete(jobId)
      this.push({
        type: 'backfill.finished',
        jobId,
        delivered,
        failed,
        cancelled: job.cancelled,
        stoppedOnFailure,
      })
    }
  }
}
