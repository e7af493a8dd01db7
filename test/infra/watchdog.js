'use strict';
// usage: node watchdog.js <ownerPid> <servicePid>
// Stops the service (its process group: SIGTERM, then SIGKILL after 20 s)
// once the owner (a jest run) has gone, however it ended — passed, failed,
// Ctrl-C or kill -9. Exits on its own when the service stops first.
// Plain JavaScript so it starts in milliseconds without a TS loader.
const fs = require('node:fs');

const owner = Number(process.argv[2]);
const service = Number(process.argv[3]);

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

function signal(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // gone
    }
  }
}

if (!owner || !service) process.exit(2);

const timer = setInterval(() => {
  if (!alive(service)) process.exit(0);
  if (alive(owner)) return;
  clearInterval(timer);
  signal(service, 'SIGTERM');
  const deadline = Date.now() + 20000;
  const reaper = setInterval(() => {
    if (!alive(service)) process.exit(0);
    if (Date.now() > deadline) {
      signal(service, 'SIGKILL');
      clearInterval(reaper);
      process.exit(0);
    }
  }, 200);
}, 1000);
