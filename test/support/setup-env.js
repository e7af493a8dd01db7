'use strict';
// Every test runs in UTC so timestamps in assertions and casts are stable.
process.env.TZ = 'UTC';
