// The machine a bench ran on, for the report's header: CPU model and clock, cores, memory, OS,
// node and V8, and the load average (other processes on the cores make the numbers noisier).
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The load average (1/5/15 min) as text. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export function machineFacts() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  let mhz = '';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpu;
    const m = /^cpu MHz\s*:\s*(.*)$/m.exec(info)?.[1];
    if (m) mhz = `${Math.round(Number(m))} MHz`;
    const family = /^cpu family\s*:\s*(.*)$/m.exec(info)?.[1];
    const model = /^model\s*:\s*(.*)$/m.exec(info)?.[1];
    if (family) cpu += ` (family ${family}, model ${model})`;
  } catch {
    /* not Linux */
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu,
    mhz,
    cores: os.cpus().length,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    load: loadAverage(),
  };
}
