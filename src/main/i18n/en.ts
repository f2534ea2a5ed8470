/**
 * Main's own messages in English: errors with what to do next, delivery diagnoses, the live
 * stream's state, the menu. Same conventions as the window's messages in src/shared/i18n/en.ts.
 */
export const mainEn = {
  'error.net.dns':
    'The server name {host} could not be found. Check the address for typos and that you are online.',
  'error.net.refused':
    '{host} refused the connection. Check the address and port, or try again when the server is back up.',
  'error.net.timeout': '{host} did not answer in time. Check your connection, or try again later.',
  'error.tls.selfSigned':
    "{host} presented a self-signed certificate that this computer does not trust. Ask the server's administrator for a certificate from a trusted authority.",
  'error.tls.expired':
    "The security certificate of {host} has expired (or is not valid yet). The server's administrator must renew it.",
  'error.tls.hostname':
    'The security certificate of {host} is for a different name. Check the server address.',
  'error.tls.untrusted':
    'A secure connection to {host} could not be made: its certificate is not trusted by this computer.',
  'error.net.reset':
    'The connection to {host} was closed before it answered. Try again; if it keeps happening, a proxy or firewall may be interfering.',
  'error.net.badPort':
    "Webhook Desk will not connect to the port of {host}: it is one that browsers block for safety. Use the server's usual port.",
  'error.net.unreachable': '{host} cannot be reached from this computer. Check that you are online.',
  'error.net.rateLimited':
    '{host} kept asking Webhook Desk to slow down (HTTP 429) and did not answer in time. Wait a minute and try again.',
  'error.net.failed': 'Webhook Desk could not talk to {host}. Check the address and your connection.',
  'error.server.notTraccar':
    '{host} answered with a web page instead of the Traccar API. Check that this is the address of a Traccar or BikeTrax server (for BikeTrax: https://traccar.powunity.com).',
  'error.server.redirect':
    '{host} sends its requests on to another address: {target}. If that is your server, sign in with that address instead.',
  'error.server.failed': '{host} failed while handling the request ({status}). Try again in a moment.',
  'error.server.failedWith':
    '{host} failed while handling the request ({status}): {message}. Try again in a moment.',
  'error.server.webPage':
    '{host} answered with a web page instead of the data Webhook Desk asked for: a proxy or a network sign-in page may be in the way. Check your connection and try again.',
  'error.server.refused': '{host} refused the request ({status}): {message}',
  'error.server.unexpectedStatus': '{host} answered with an unexpected status {status}. Try again later.',
  'error.server.unreadable':
    '{host} sent an answer Webhook Desk cannot read. Check that this is a Traccar server, or try again.',
  'error.server.unreadableSignedIn':
    '{host} sent an answer Webhook Desk cannot read. Try again; if it keeps happening, something between here and the server may be changing its answers.',
  'error.auth.sessionExpired': 'Your session on the server has ended. Sign in again to continue.',
  'error.auth.totpRequired': 'Enter the 6-digit verification code from your authenticator app.',
  'error.auth.wrongPassword': 'The email or password is not right. Check both and try again.',
  'error.auth.passwordDisabled':
    '{host} does not accept passwords here: it signs in only through its web login (OpenID). Use “Sign in with the web login” (desktop app), or sign in with an access token (web UI → Settings → Preferences → Token).',
  'error.auth.bikeTraxPassword':
    'BikeTrax Cloud refused this email and password. If you signed up in the BikeTrax app, its password may not be your Traccar password: sign in with an access token instead (steps above).',
  'error.auth.badToken':
    'This access token is not valid: it may have expired or been revoked. Create a new one in the web UI.',
  'error.auth.totpWrong': 'That verification code is not right. Wait for the next code and try again.',
  'error.auth.disabled':
    'This account is disabled. Contact the server administrator (for BikeTrax: PowUnity support).',
  'error.auth.expired':
    'This account has expired. Contact the server administrator (for BikeTrax: PowUnity support).',
  'error.auth.signedOut': 'You are not signed in. Sign in to continue.',
  'error.address.insecure.password':
    '{host} uses plain http://, so your password would travel unencrypted. Use https:// if the server offers it.',
  'error.address.insecure.token':
    '{host} uses plain http://, so your token would travel unencrypted. Use https:// if the server offers it.',
  'error.address.insecure.web':
    '{host} uses plain http://, so the password you type into its web login, and the session it gives, would travel unencrypted. Use https:// if the server offers it.',
  'error.auth.webLoginUnavailable':
    '{host} does not offer a web login (OpenID). Sign in with your password or an access token.',
  'error.auth.webLoginNeedsDesktop':
    'The web login opens in a window of the desktop app, so it is not available here. Sign in with an access token instead.',
  'error.auth.webLoginTimeout':
    'The web login was not finished within {minutes} minutes, so the window was closed. Try again.',
  'error.auth.webLoginRefused':
    "{host} refused the web login (HTTP {status}). Try again; if it keeps happening, ask the server's administrator.",
  'error.auth.webLoginLoadFailed':
    'The web login page at {host} did not load. Check the address and your connection, then try again.',
  'error.session.endedWebLogin': 'Your session on the server ended. Sign in through the web login again.',
  'webLogin.windowTitle': 'Sign in with the web login — Webhook Desk',
  'error.auth.noPendingSignIn': 'Start again: enter your email and password first.',
  'error.account.unknown': 'This saved account no longer exists. Sign in again.',
  'error.auth.secretMissing.password':
    'Webhook Desk does not have the password for {email}. Enter it to sign in.',
  'error.auth.secretMissing.token': 'Webhook Desk does not have the token for {email}. Enter it to sign in.',
  'error.keychain.saveFailed': 'Your password could not be saved in the keychain.',
  'error.session.endedNeedsCode':
    'Your session on the server ended. Sign in again with a new verification code.',
  'error.session.endedReauthFailed': 'Your session on the server ended and signing in again failed: {reason}',
  'error.session.savedRefused': 'The server did not accept the saved sign-in.',
  'error.keychain.locked':
    'Your system keychain is locked or access was refused, so Webhook Desk cannot remember this account. Unlock it and try again, or sign in without "Remember me".',
  'error.data.busyTitle': 'Webhook Desk is already running',
  'error.data.busy':
    'Webhook Desk (process {pid}) is using {folder}: the command line, or the app in a browser. Wait until it has finished or close it, then start Webhook Desk again.',
  'error.data.locked':
    'Your drafts, change history and test deliveries are unavailable: the keychain that holds their key is locked or did not answer. Nothing was changed or lost. Unlock the keychain and choose Retry.',
  'error.demo.unavailable':
    'The demo server is only in the app and the browser harness, not on the command line.',
  'data.setAside.webhook.one':
    '{count} unsaved draft or saved change could not be read (damaged, or sealed with a key that is gone). It was set aside, not deleted, in {folder}.',
  'data.setAside.webhook.other':
    '{count} unsaved drafts or saved changes could not be read (damaged, or sealed with a key that is gone). They were set aside, not deleted, in {folder}.',
  'data.setAside.deliveries.one':
    '{count} test delivery could not be read (damaged, or sealed with a key that is gone). It was set aside, not deleted, in {folder}.',
  'data.setAside.deliveries.other':
    '{count} test deliveries could not be read (damaged, or sealed with a key that is gone). They were set aside, not deleted, in {folder}.',
  'error.keychain.unavailable':
    'Your system keychain is not available (on Linux a Secret Service such as GNOME Keyring or KWallet must be running), so Webhook Desk cannot remember passwords. You can still sign in; you will be asked again next time.',
  'error.profiles.unreadableMoved':
    'Your saved accounts could not be read, so Webhook Desk started without them. The old file was kept as {path}.',
  'error.profiles.unreadable': 'Your saved accounts could not be read, so Webhook Desk started without them.',
  'error.ipc.unknownOperation': 'Unknown operation.',
  'error.ipc.unreadableInput': 'Invalid input for {operation}: it could not be read.',
  'error.ipc.invalidInput': 'Invalid input for {operation}: {issues}',
  'error.internal':
    'Something went wrong inside Webhook Desk. Try again; if it keeps happening, restart the app.',
  'error.ipc.untrustedSender': 'This request did not come from the Webhook Desk window.',

  'diag.dns.title': 'The host name could not be found',
  'diag.dns.detail': 'DNS has no address for {host}.',
  'diag.dns.next': 'Check the URL for typos; run "nslookup {host}" to see what DNS says.',
  'diag.refused.title': 'Connection refused',
  'diag.refused.detail': '{host} is reachable but nothing accepts connections on that port.',
  'diag.refused.next': 'Check that your receiver is running and listening on the port in the URL.',
  'diag.timeout.title': 'Timed out',
  'diag.timeout.detail':
    '{host} did not answer within {seconds} s. The cloud gives up too, and does not retry.',
  'diag.timeout.next':
    'Make the receiver answer quickly (queue work and reply 200 at once), or check firewalls in between.',
  'diag.reset.title': 'Connection closed without a response',
  'diag.reset.detail': '{host} closed the connection before answering.',
  'diag.reset.next':
    'Look at the receiver’s logs: it may have crashed on this request, or a proxy may be cutting it off.',
  'diag.selfSigned.title': 'Self-signed certificate',
  'diag.selfSigned.detail':
    '{host} presented a certificate no public authority signed. The cloud will reject it.',
  'diag.selfSigned.next': 'Use a certificate from a public CA such as Let’s Encrypt.',
  'diag.expired.title': 'Certificate expired',
  'diag.expired.detail': 'The certificate of {host} is outside its validity period.',
  'diag.expired.next': 'Renew the certificate (and check the server’s clock).',
  'diag.hostname.title': 'Certificate is for another name',
  'diag.hostname.detail': 'The certificate of {host} does not list this host name.',
  'diag.hostname.next': 'Use the host name the certificate was issued for, or get one that covers this name.',
  'diag.chain.title': 'Incomplete certificate chain',
  'diag.chain.detail': '{host} sends its certificate without the intermediate certificates.',
  'diag.chain.next':
    'Configure the server to send the full chain; check with "openssl s_client -connect {host}:443 -showcerts".',
  'diag.failed.title': 'The request failed',
  'diag.failed.detail': 'Webhook Desk could not complete the request ({code}).',
  'diag.failed.next': 'Check the URL and that the receiver is running, then try again.',
  'diag.delivered.title': 'Delivered',
  'diag.delivered.detail': 'The receiver answered {status}. The cloud counts this as delivered.',
  'diag.delivered.next': 'Nothing to do.',
  'diag.otherSuccess.title': 'The cloud would count this as failed',
  'diag.otherSuccess.detail':
    'The receiver answered {status}. The cloud only accepts 200 and 201, so it would treat this as a failure.',
  'diag.otherSuccess.next': 'Make the receiver answer 200 (or 201).',
  'diag.redirect.title': 'Redirect ({status})',
  'diag.redirect.detail':
    'The receiver redirects. The cloud is not known to follow redirects, so the event would be lost.',
  'diag.redirect.detailTo':
    'The receiver redirects to {location}. The cloud is not known to follow redirects, so the event would be lost.',
  'diag.redirect.next': 'Use the final URL, without redirects.',
  'diag.redirect.nextTo': 'Put the final URL into webhookUrl.',
  'diag.auth.title': 'Refused: {status}',
  'diag.auth.detail':
    'The receiver rejected the request’s credentials. The Authorization header (webhookPsk) probably does not match what it expects.',
  'diag.auth.next':
    'Compare the header value with your receiver’s configuration, including the scheme ("Bearer …", "Basic …").',
  'diag.notFound.title': 'Not found (404)',
  'diag.notFound.detail': 'Nothing answers at this path.',
  'diag.notAllowed.title': 'Method not allowed (405)',
  'diag.notAllowed.detail': 'The path exists but does not accept POST.',
  'diag.path.next': 'Check the path in the URL and that the receiver accepts POST.',
  'diag.tooLarge.title': 'Payload too large (413)',
  'diag.tooLarge.detail': 'The receiver refuses bodies this large.',
  'diag.tooLarge.next': 'Raise the body size limit of the receiver or its proxy.',
  'diag.serverError.title': 'Server error ({status})',
  'diag.serverError.detail':
    'The receiver failed while handling the event. The cloud does not retry, so this event would be lost.',
  'diag.serverError.next': 'Look at the receiver’s logs for this request (quote the X-PowTxn id).',
  'diag.refusedOther.title': 'Refused: {status}',
  'diag.refusedOther.detail': 'The receiver answered {status}.',
  'diag.refusedOther.next': 'Look at the response body below for the receiver’s reason.',
  'diag.reachability':
    'Reachable from here is not reachable from the cloud: {host} is {where}. The BikeTrax Cloud sends from the internet, so it cannot deliver there even though this test went through.',
  'diag.reachabilityAt':
    'Reachable from here is not reachable from the cloud: {host} ({address}) is {where}. The BikeTrax Cloud sends from the internet, so it cannot deliver there even though this test went through.',

  'error.save.readonlyAccount':
    'This account is read-only: the server does not let it change its own attributes. Ask the account owner or an administrator.',
  'error.save.readonlyServer':
    'The server is in read-only mode: no account can change its attributes right now.',
  'error.save.tooLarge':
    "The account's attributes would take {size} characters, {over} more than the server's limit of {limit}. Shorten the URL or header, or remove attributes you no longer need in the web UI.",
  'error.save.willBeEscaped':
    '{host} (Traccar {version}) HTML-escapes text: it will store {keys} with & < > " \' turned into &amp;, &lt;, &gt;, &#34;, &#39;, so the cloud may call a wrong URL or send a wrong Authorization value. To avoid it, use a URL without these characters (put parameters in the path, e.g. https://example.org/hook/abc123 instead of ?id=1&key=abc) and a PSK without them (for example a random secret of letters and digits). Save anyway only if your receiver copes with the escaped value.',
  'error.save.mayBeEscaped':
    '{host} runs Traccar {version}, which HTML-escapes text when so configured, and Webhook Desk cannot tell yet whether it does. If it does, it will store {keys} with & < > " \' escaped (& as &amp;), and the cloud may call a wrong URL or send a wrong Authorization value. Safer: a URL without these characters (parameters in the path) and a PSK without them (for example a random secret of letters and digits).',
  'error.save.notConfirmed':
    'The server accepted the save, but reading the account back shows different webhook values (someone may have changed them at the same moment). Reload to see what is there now.',
  'error.save.notApplied':
    '{reason} Reading the account back shows the earlier values, so nothing was changed. Your changes are kept; save again.',
  'error.save.outcomeUnknown':
    'It is not known whether the save was applied: the answer of {host} was lost, and reading the account back failed too. Your changes are kept. Check again once the server answers; saving again is also safe.',
  'error.save.answerLost': 'The answer to the earlier save was lost.',
  'error.save.nothingPending': 'There is no save waiting to be checked.',
  'error.history.unknown': 'That entry is no longer in the history.',
  'error.save.readonlyCaller':
    'Your account is read-only: the server does not let it change the attributes of other accounts either. Ask an administrator.',
  'error.history.secretNotKept':
    'This entry’s PSK was a generated secret, which the app does not keep, so it cannot be put back. Set a PSK by hand instead.',
  'error.bulk.urlEmpty': 'Give a webhook URL, or choose to turn the webhook off.',
  'error.bulk.unknownType':
    'The server knows no event type "{type}". Event types are case-sensitive; pick them from the list.',
  'bulk.skip.administrator': 'An administrator’s account: only an administrator can change it.',
  'bulk.skip.expiry':
    'The server refuses this change: your account has an expiry date, and this account’s expiry is later or none (Traccar before 5.5).',
  'bulk.skip.readonly': 'A read-only account: open it on its own to change its webhook.',
  'bulk.skip.nearMiss':
    'Has attributes that only look like webhook keys ({keys}): open the account and fix them first.',
  'bulk.result.cancelled': 'Not changed: the batch was cancelled first.',
  'bulk.result.unchanged':
    'Already held these values: nothing was written, and undoing the batch leaves the account as it is.',
  'bulk.result.conflict':
    'Changed on the server since the review: nothing was written. Review it again to include the new values.',
  'error.import.unclosedQuote': 'A quoted field is never closed (a " is missing).',
  'error.import.textAfterQuote': 'Text follows a closing quote; write a quote inside quotes as "".',
  'error.import.header': 'The first line must name the columns {expected}; missing: {missing}.',
  'error.import.empty': 'The file has no rows below its header.',
  'error.import.noEmail': 'The email is empty.',
  'error.import.duplicateEmail': 'This email is already on line {line}.',
  'error.import.unknownEmail': '{email} is not one of the accounts you manage.',
  'error.import.urlEmpty': 'The webhook URL is empty but a PSK or event types are given.',
  'error.import.maskedUrl':
    'The URL has a masked password that does not match the account’s URL. Export with secrets included, or write the full URL.',
  'error.target.changed':
    'This form belongs to another account than the one open now (user {current}). Nothing was saved; open the account again and repeat the change.',
  'error.managed.notManager':
    'Only administrators and managers can see other accounts. This account manages no users.',
  'error.managed.unknownAccount':
    'Account {userId} is not one you manage, or it no longer exists. Reload the accounts.',
  'error.managed.pagingStuck':
    '{host} answered the same accounts again when asked for the next page (it seems to ignore “offset”), so the list would be incomplete and is not shown. Nothing was changed. Check a proxy between here and the server, or ask its administrator.',
  'error.bulk.unknownPlan': 'That review is no longer available. Review the change again.',
  'error.bulk.unknownBatch': 'That batch is no longer known. Reload the accounts.',
  'error.bulk.running': 'Another batch is still running. Wait for it to finish or cancel it first.',
  'error.bulk.nothingToRetry': 'No account of this batch failed, so there is nothing to retry.',
  'error.bulk.nothingToUndo': 'No account of this batch was changed, so there is nothing to undo.',
  'error.bulk.noSecrets': 'This batch set no generated PSKs.',
  'error.bulk.secretsGone':
    'The generated PSKs of this batch were handed out once and are not kept. To get new ones, apply a new PSK to these accounts.',
  'error.import.invalid.one':
    'The file has 1 problem; nothing was sent. Fix the row listed and import it again.',
  'error.import.invalid.other':
    'The file has {count} problems; nothing was sent. Fix the rows listed and import it again.',
  'error.delivery.truncated':
    'This test’s body was larger than 64 KB, and only its first 64 KB were kept, so it cannot be sent again or copied as it was. Send it again from the form above.',
  'error.delivery.unknown': 'That delivery is no longer in the history.',
  'error.test.bodyNotJson':
    'The body is not valid JSON ({detail}). Fix it, or rebuild it from the event type.',
  'error.test.bodyNotObject':
    'The body must be a JSON object, as the cloud sends. Fix it, or rebuild it from the event type.',
  'test.devicesRefused':
    'The server does not let you read the devices of this account, so tests use a sample bike.',
  'error.inbox.portInUse':
    'Port {port} is already used by another program. Choose another port, or 0 for any free one.',
  'error.inbox.failed': 'The inbox could not start ({reason}).',
  'error.events.range': 'The start of the range must be before its end.',

  'socket.connecting': 'Connecting to the live event stream…',
  'socket.open':
    'Live. The server pushes events here only for types with a "web" notification in your account.',
  'socket.closed': 'Disconnected. Trying again in {seconds} s.',

  'menu.file': 'File',
  'menu.edit': 'Edit',
  'menu.view': 'View',
  'menu.help': 'Help',
  'menu.review': 'Review and Save Webhook…',
  'menu.switch': 'Switch Account…',
  'menu.signOut': 'Sign Out',
  'menu.settings': 'Settings…',
  'menu.guide': 'BikeTrax Integration Guide',

  'about.server': 'Signed in to {host}: Traccar {version}, {escaping}',
  'about.escaping.yes': 'HTML-escapes text',
  'about.escaping.likely': 'probably HTML-escapes text',
  'about.escaping.possible': 'may HTML-escape text (not known yet)',
  'about.escaping.no': 'no HTML escaping',
  'about.copyright': 'Webhook Desk for BikeTrax Cloud and Traccar',
} as const

export type MainMessageKey = keyof typeof mainEn
