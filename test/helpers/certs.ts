/**
 * Real certificates for TLS tests, made with openssl in a temp folder: a test CA, a valid leaf
 * for 127.0.0.1/localhost, an expired leaf, a leaf for the wrong host, and a self-signed one.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
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
}

let cached: TestCerts | undefined

export function makeCerts(): TestCerts {
  if (cached) return cached
  const dir = mkdtempSync(join(tmpdir(), 'wd-certs-'))
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '3',
    '-subj',
    '/CN=Webhook Desk Test CA',
  )
  const leaf = (name: string, san: string, days: string): Pair => {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`)
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    )
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      days,
      '-extfile',
      `${name}.ext`,
    )
    return {
      key: readFileSync(join(dir, `${name}.key`), 'utf8'),
      cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
    }
  }
  const local = 'IP:127.0.0.1,DNS:localhost'
  writeFileSync(
    join(dir, 'inter.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
  )
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'inter.key',
    '-out',
    'inter.csr',
    '-subj',
    '/CN=Webhook Desk Test Intermediate',
  )
  run(
    'x509',
    '-req',
    '-in',
    'inter.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'inter.pem',
    '-days',
    '3',
    '-extfile',
    'inter.ext',
  )
  writeFileSync(join(dir, 'chain.ext'), `subjectAltName=${local}\n`)
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'chain.key',
    '-out',
    'chain.csr',
    '-subj',
    '/CN=chain',
  )
  run(
    'x509',
    '-req',
    '-in',
    'chain.csr',
    '-CA',
    'inter.pem',
    '-CAkey',
    'inter.key',
    '-CAcreateserial',
    '-out',
    'chain.pem',
    '-days',
    '3',
    '-extfile',
    'chain.ext',
  )
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '3',
    '-subj',
    '/CN=localhost',
    '-addext',
    `subjectAltName=${local}`,
  )
  cached = {
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    valid: leaf('valid', local, '3'),
    expired: leaf('expired', local, '-1'),
    wrongHost: leaf('wrong', 'DNS:wrong.example', '3'),
    selfSigned: {
      key: readFileSync(join(dir, 'self.key'), 'utf8'),
      cert: readFileSync(join(dir, 'self.pem'), 'utf8'),
    },
    incompleteChain: {
      key: readFileSync(join(dir, 'chain.key'), 'utf8'),
      cert: readFileSync(join(dir, 'chain.pem'), 'utf8'),
    },
  }
  return cached
}
