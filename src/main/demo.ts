/**
 * Demo mode: a demo server started inside the app on 127.0.0.1, with its bikes moving, and a
 * sign-in as its demo rider. Nothing in demo mode talks to BikeTrax Cloud. The server itself is
 * injected (a DemoLauncher), so the services never import the simulator.
 */
import type { SessionInfo } from '$shared/contract'
import { AppFailure } from '$shared/result'
import type { AccountService } from './account/account-service'
import { t } from './i18n'

/** A running demo server: where it listens and whom to sign in as. It runs until the app quits. */
export interface RunningDemo {
  url: string
  email: string
  password: string
}

/** Starts a demo server; the Electron entry and the harness build one from src/sim (sim/demo.ts). */
export interface DemoLauncher {
  start(): Promise<RunningDemo>
}

export class DemoServer {
  private running: Promise<RunningDemo> | null = null
  private origin: string | null = null

  /** Without a launcher (the command line) there is no demo mode. */
  constructor(private readonly launcher?: DemoLauncher) {}

  isDemo = (origin: string): boolean => origin === this.origin

  private start(launcher: DemoLauncher): Promise<RunningDemo> {
    this.running ??= launcher.start().then((demo) => {
      this.origin = demo.url
      return demo
    })
    return this.running
  }

  async signIn(accounts: AccountService): Promise<SessionInfo> {
    if (!this.launcher) throw new AppFailure('demo.unavailable', t('error.demo.unavailable'))
    const demo = await this.start(this.launcher)
    return accounts.signIn({
      server: demo.url,
      method: 'password',
      email: demo.email,
      secret: demo.password,
      remember: false,
    })
  }
}
