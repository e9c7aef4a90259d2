import { connectQueue, parseRedisUrl, queueStatus, type QueueStatus } from "../../queue/index.js";
import type { Command } from "../command.js";
import { intOption, QUEUE_NAME_OPTION, QUEUE_OPTION, queueNameOf, queueUrlOf } from "../queue-options.js";

function formatStatus(s: QueueStatus, shown: string): string {
  const lines = [
    `queue ${s.queue} on ${shown}`,
    `queued     ${s.queued}`,
    `retrying   ${s.delayed}`,
    `active     ${s.active}`,
    `completed  ${s.completed}`,
    `failed     ${s.failed}`,
  ];
  if (s.failedJobs.length > 0) {
    lines.push("", "failed jobs (dead-letter list):");
    for (const j of s.failedJobs)
      lines.push(
        `  ${j.id} ${j.name}: ${j.reason} (${j.attempts} attempts${j.failedAt ? `, ${j.failedAt}` : ""})`,
      );
    if (s.failed > s.failedJobs.length) lines.push(`  … and ${s.failed - s.failedJobs.length} more`);
  }
  return `${lines.join("\n")}\n`;
}

export const statusCommand: Command = {
  name: "status",
  usage: "--queue redis://host:port [--json]",
  options: [
    QUEUE_OPTION,
    QUEUE_NAME_OPTION,
    { name: "json", type: "boolean", description: "print the status as JSON" },
    { name: "limit", type: "string", default: "100", description: "most failed jobs to list" },
  ],
  async run({ values }, io) {
    const target = parseRedisUrl(queueUrlOf(values, "status"));
    const limit = intOption(values, "limit", 100, 0, 100_000);
    const queue = await connectQueue(target, queueNameOf(values));
    try {
      const status = await queueStatus(queue, limit);
      io.stdout.write(
        values.json === true
          ? `${JSON.stringify({ ...status, redis: target.shown }, null, 2)}\n`
          : formatStatus(status, target.shown),
      );
    } finally {
      await queue.close();
    }
    return 0;
  },
};
