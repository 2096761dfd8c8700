/**
 * One server stream per run, however many components (and hooks) watch it: the run page's canvas,
 * logs, foreach view and scrubber all follow the same run. A browser opens at most six HTTP/1.1
 * connections to one server, shared by every tab; a stream per hook used them all up with two tabs
 * on one run, and every further request — the other tab's debug command — waited forever.
 */
import type { ApiClient } from './client';
import type { RunEvent } from './router-types';

export interface RunListener {
  onEvent: (e: RunEvent) => void;
  onError: (err: Error) => void;
}

interface Channel {
  /** Every event received so far, in order: a listener that joins late is given these first. */
  events: RunEvent[];
  listeners: Set<RunListener>;
  stop: () => void;
}

type Open = (runId: string, sink: RunListener) => () => void;

/** The channels of one client. */
export class RunChannels {
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly open: Open) {}

  /** Calls the listener with every event of the run from the first on; returns unsubscribe. */
  listen(runId: string, listener: RunListener): () => void {
    let ch = this.channels.get(runId);
    if (!ch) {
      const channel: Channel = { events: [], listeners: new Set(), stop: () => {} };
      this.channels.set(runId, channel);
      channel.stop = this.open(runId, {
        onEvent: (e) => {
          channel.events.push(e);
          for (const l of [...channel.listeners]) l.onEvent(e);
        },
        onError: (err) => {
          for (const l of [...channel.listeners]) l.onError(err);
        },
      });
      ch = channel;
    }
    const channel = ch;
    for (const e of channel.events) listener.onEvent(e);
    channel.listeners.add(listener);
    return () => {
      channel.listeners.delete(listener);
      if (channel.listeners.size > 0 || this.channels.get(runId) !== channel) return;
      this.channels.delete(runId);
      channel.stop();
    };
  }

  /** How many streams are open (tests). */
  get size(): number {
    return this.channels.size;
  }
}

const byClient = new WeakMap<ApiClient, RunChannels>();

export function runChannels(client: ApiClient): RunChannels {
  let channels = byClient.get(client);
  if (!channels) {
    channels = new RunChannels((runId, sink) => {
      const sub = client.runs.onEvents.subscribe(
        { runId, afterSeq: 0 },
        { onData: (tracked) => sink.onEvent(tracked.data), onError: (err) => sink.onError(err) },
      );
      return () => sub.unsubscribe();
    });
    byClient.set(client, channels);
  }
  return channels;
}
