/**
 * Real certificates for TLS tests, made with openssl in a temp folder: a test CA, a valid leaf
 * for 127.0.0.1/localhost, an expired leaf, a leaf for the wrong host, a self-signed one, and a
 * leaf signed by an intermediate that the server does not send (an incomplete chain).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Pair {
  key: string
  cert: string
}

export interface TestCerts {
  ca: string
  valid: Pair
  expired: Pair
  wrongHost: Pair
  selfSigned: Pair
  /** A leaf signed by an intermediate CA, served without the intermediate. */
  incompleteChain: Pair
  /** Self-signed, for 127.0.0.1, ::1 and localhost, with a subject of several fields (OU twice). */
  named: Pair
}

let cached: TestCerts | undefined

/**
 * Made once a day and kept in the temp folder (named by the generator's source, so a change
 * makes new ones): eleven RSA keys take seconds, and a mutation run imports the test files once per
 * mutant. The leaves are valid for 3 days, so a day-old set is still good.
 */
const DAY_MS = 86_400_000
// Not import.meta: Playwright loads this file as CommonJS for the e2e specs.
const cacheFile = join(
  tmpdir(),
  `wd-test-certs-${createHash('sha256').update(generate.toString()).digest('hex').slice(0, 12)}.json`,
)

export function makeCerts(): TestCerts {
  if (cached) return cached
  try {
    if (Date.now() - statSync(cacheFile).mtimeMs < DAY_MS) {
      cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as TestCerts
      return cached
    }
  } catch {
    // none yet, or unreadable: make them
  }
  cached = generate()
  const temp = `${cacheFile}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify(cached), { mode: 0o600 })
  renameSync(temp, cacheFile)
  return cached
}

function generate(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'wd-certs-'))
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  const read = (name: string): Pair => ({
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
  })
  const key = ['-newkey', 'rsa:2048', '-nodes', '-keyout']

  /** A self-signed certificate (a CA, or a leaf nobody vouches for). */
  const selfSigned = (name: string, subject: string, ...extra: string[]): Pair => {
    run(
      'req',
      '-x509',
      ...key,
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '3',
      '-subj',
      subject,
      ...extra,
    )
    return read(name)
  }
  /** A certificate signed by `issuer`, with the given X.509 extensions. */
  const signed = (name: string, issuer: string, days: string, extensions: string): Pair => {
    writeFileSync(join(dir, `${name}.ext`), extensions)
    run('req', ...key, `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`)
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      days,
      '-extfile',
      `${name}.ext`,
    )
    return read(name)
  }

  const local = 'subjectAltName=IP:127.0.0.1,DNS:localhost\n'
  const ca = selfSigned('ca', '/CN=Webhook Desk Test CA')
  signed('inter', 'ca', '3', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n')
  const certs = {
    ca: ca.cert,
    valid: signed('valid', 'ca', '3', local),
    expired: signed('expired', 'ca', '-1', local),
    wrongHost: signed('wrong', 'ca', '3', 'subjectAltName=DNS:wrong.example\n'),
    selfSigned: selfSigned('self', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'),
    incompleteChain: signed('chain', 'inter', '3', local),
    named: selfSigned(
      'named',
      '/C=AT/O=Webhook Desk/OU=Ops/OU=Dev/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
    ),
  }
  rmSync(dir, { recursive: true, force: true })
  return certs
}
