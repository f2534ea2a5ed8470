/** What a refused sign-in says where the reason is known: OpenID-only servers, BikeTrax app passwords, 5.12's 400 for a bad token. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import { ProfileStore } from '../src/main/store/profiles'
import { nodeTransport } from '../src/main/traccar/transport'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { memorySecrets } from './helpers/secrets'

const { demo } = SEED_USERS

function accounts(bikeTraxServer?: string): AccountService {
  return new AccountService({
    transport: nodeTransport,
    secrets: memorySecrets(),
    profiles: new ProfileStore(mkdtempSync(join(tmpdir(), 'wd-hints-'))),
    push: () => {},
    bikeTraxServer,
  })
}

describe('sign-in hints', () => {
  let sim: Sim
  afterEach(() => sim.stop())

  const password = (service: AccountService, secret: string) =>
    service.signIn({ server: sim.url, method: 'password', email: demo.email, secret, remember: false })

  it('says password sign-in is off when the server forces OpenID, instead of "wrong password"', async () => {
    sim = await startSim({ flavor: '5.12', openid: 'forced', clock: false })
    const error = await failure(password(accounts(), demo.password))
    expect(error.code).toBe('auth.passwordDisabled')
    expect(error.message).toContain('web login (OpenID)')
    expect(error.message).toContain('access token')
  })

  it('explains the BikeTrax app password and the token route on BikeTrax Cloud only', async () => {
    sim = await startSim({ flavor: '5.12', clock: false })
    const onBikeTrax = await failure(password(accounts(sim.url), 'app-password'))
    expect(onBikeTrax.code).toBe('auth.bikeTraxPassword')
    expect(onBikeTrax.message).toContain('may not be your Traccar password')
    expect(onBikeTrax.extra.field).toBe('secret')
    const elsewhere = await failure(password(accounts('https://traccar.powunity.com'), 'app-password'))
    expect(elsewhere.code).toBe('auth.wrongPassword')
  })

  it("reads 5.12's 400 for a bad token as a bad token", async () => {
    sim = await startSim({ flavor: '5.12', clock: false })
    const error = await failure(
      accounts().signIn({ server: sim.url, method: 'token', secret: 'not-a-token', remember: false }),
    )
    expect(error.code).toBe('auth.badToken')
  })
})
