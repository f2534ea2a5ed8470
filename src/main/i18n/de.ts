/** Main's own messages in German (Sie-form). */
import type { MainMessageKey } from './en'

export const mainDe: Record<MainMessageKey, string> = {
  'error.net.dns':
    'Der Servername {host} wurde nicht gefunden. Prüfen Sie die Adresse auf Tippfehler und ob Sie online sind.',
  'error.net.refused':
    '{host} hat die Verbindung abgelehnt. Prüfen Sie Adresse und Port oder versuchen Sie es erneut, wenn der Server wieder läuft.',
  'error.net.timeout':
    '{host} hat nicht rechtzeitig geantwortet. Prüfen Sie Ihre Verbindung oder versuchen Sie es später erneut.',
  'error.tls.selfSigned':
    '{host} hat ein selbstsigniertes Zertifikat vorgelegt, dem dieser Computer nicht vertraut. Bitten Sie den Administrator des Servers um ein Zertifikat einer vertrauenswürdigen Stelle.',
  'error.tls.expired':
    'Das Sicherheitszertifikat von {host} ist abgelaufen (oder noch nicht gültig). Der Administrator des Servers muss es erneuern.',
  'error.tls.hostname':
    'Das Sicherheitszertifikat von {host} gilt für einen anderen Namen. Prüfen Sie die Serveradresse.',
  'error.tls.untrusted':
    'Es konnte keine sichere Verbindung zu {host} aufgebaut werden: Dieser Computer vertraut seinem Zertifikat nicht.',
  'error.net.reset':
    'Die Verbindung zu {host} wurde vor der Antwort geschlossen. Versuchen Sie es erneut; passiert es öfter, stört womöglich ein Proxy oder eine Firewall.',
  'error.net.badPort':
    'Webhook Desk verbindet sich nicht mit dem Port von {host}: Browser sperren ihn aus Sicherheitsgründen. Verwenden Sie den üblichen Port des Servers.',
  'error.net.unreachable':
    '{host} ist von diesem Computer aus nicht erreichbar. Prüfen Sie, ob Sie online sind.',
  'error.net.rateLimited':
    '{host} hat Webhook Desk wiederholt gebeten, langsamer zu werden (HTTP 429), und nicht rechtzeitig geantwortet. Warten Sie eine Minute und versuchen Sie es erneut.',
  'error.net.failed':
    'Webhook Desk konnte nicht mit {host} sprechen. Prüfen Sie die Adresse und Ihre Verbindung.',
  'error.server.notTraccar':
    '{host} hat mit einer Webseite statt der Traccar-API geantwortet. Prüfen Sie, ob das die Adresse eines Traccar- oder BikeTrax-Servers ist (für BikeTrax: https://traccar.powunity.com).',
  'error.server.redirect':
    '{host} leitet seine Anfragen an eine andere Adresse weiter: {target}. Wenn das Ihr Server ist, melden Sie sich mit dieser Adresse an.',
  'error.server.failed':
    '{host} ist bei der Bearbeitung der Anfrage gescheitert ({status}). Versuchen Sie es gleich noch einmal.',
  'error.server.failedWith':
    '{host} ist bei der Bearbeitung der Anfrage gescheitert ({status}): {message}. Versuchen Sie es gleich noch einmal.',
  'error.server.webPage':
    '{host} hat mit einer Webseite statt mit den angefragten Daten geantwortet: Vielleicht steht ein Proxy oder eine Netzwerk-Anmeldeseite dazwischen. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'error.server.refused': '{host} hat die Anfrage abgelehnt ({status}): {message}',
  'error.server.unexpectedStatus':
    '{host} hat mit dem unerwarteten Status {status} geantwortet. Versuchen Sie es später erneut.',
  'error.server.unreadable':
    '{host} hat eine Antwort geschickt, die Webhook Desk nicht lesen kann. Prüfen Sie, ob das ein Traccar-Server ist, oder versuchen Sie es erneut.',
  'error.server.unreadableSignedIn':
    '{host} hat eine Antwort gesendet, die Webhook Desk nicht lesen kann. Versuchen Sie es erneut; passiert es wieder, verändert vielleicht etwas zwischen hier und dem Server die Antworten.',
  'error.auth.sessionExpired':
    'Ihre Sitzung auf dem Server ist abgelaufen. Melden Sie sich erneut an, um fortzufahren.',
  'error.auth.totpRequired': 'Geben Sie den 6-stelligen Bestätigungscode aus Ihrer Authenticator-App ein.',
  'error.auth.wrongPassword':
    'E-Mail oder Passwort stimmen nicht. Prüfen Sie beides und versuchen Sie es erneut.',
  'error.auth.passwordDisabled':
    '{host} nimmt hier keine Passwörter an: Die Anmeldung geht nur über die Web-Anmeldung (OpenID). Verwenden Sie „Mit der Web-Anmeldung anmelden“ (Desktop-App) oder melden Sie sich mit einem Zugriffstoken an (Web-Oberfläche → Einstellungen → Präferenzen → Token).',
  'error.auth.bikeTraxPassword':
    'BikeTrax Cloud hat diese E-Mail-Adresse und dieses Passwort abgelehnt. Wenn Sie sich in der BikeTrax-App registriert haben, ist deren Passwort womöglich nicht Ihr Traccar-Passwort: Melden Sie sich stattdessen mit einem Zugriffstoken an (Schritte oben).',
  'error.auth.badToken':
    'Dieses Zugriffstoken ist ungültig: Es ist womöglich abgelaufen oder wurde widerrufen. Erstellen Sie in der Weboberfläche ein neues.',
  'error.auth.totpWrong':
    'Dieser Bestätigungscode stimmt nicht. Warten Sie auf den nächsten Code und versuchen Sie es erneut.',
  'error.auth.disabled':
    'Dieses Konto ist deaktiviert. Wenden Sie sich an den Administrator des Servers (für BikeTrax: den PowUnity-Support).',
  'error.auth.expired':
    'Dieses Konto ist abgelaufen. Wenden Sie sich an den Administrator des Servers (für BikeTrax: den PowUnity-Support).',
  'error.auth.signedOut': 'Sie sind nicht angemeldet. Melden Sie sich an, um fortzufahren.',
  'error.address.insecure.password':
    '{host} verwendet unverschlüsseltes http://, Ihr Passwort würde also unverschlüsselt übertragen. Verwenden Sie https://, wenn der Server es anbietet.',
  'error.address.insecure.token':
    '{host} verwendet unverschlüsseltes http://, Ihr Token würde also unverschlüsselt übertragen. Verwenden Sie https://, wenn der Server es anbietet.',
  'error.address.insecure.web':
    '{host} verwendet unverschlüsseltes http://, das Passwort, das Sie in die Web-Anmeldung eingeben, und die Sitzung, die sie vergibt, würden also unverschlüsselt übertragen. Verwenden Sie https://, wenn der Server es anbietet.',
  'error.auth.webLoginUnavailable':
    '{host} bietet keine Web-Anmeldung (OpenID) an. Melden Sie sich mit Ihrem Passwort oder einem Zugriffstoken an.',
  'error.auth.webLoginNeedsDesktop':
    'Die Web-Anmeldung öffnet sich in einem Fenster der Desktop-App und ist hier daher nicht verfügbar. Melden Sie sich stattdessen mit einem Zugriffstoken an.',
  'error.auth.webLoginTimeout':
    'Die Web-Anmeldung wurde nicht innerhalb von {minutes} Minuten abgeschlossen, daher wurde das Fenster geschlossen. Versuchen Sie es erneut.',
  'error.auth.webLoginRefused':
    '{host} hat die Web-Anmeldung abgelehnt (HTTP {status}). Versuchen Sie es erneut; passiert es wieder, wenden Sie sich an den Administrator des Servers.',
  'error.auth.webLoginLoadFailed':
    'Die Seite der Web-Anmeldung auf {host} wurde nicht geladen. Prüfen Sie die Adresse und Ihre Verbindung und versuchen Sie es erneut.',
  'error.session.endedWebLogin':
    'Ihre Sitzung auf dem Server ist abgelaufen. Melden Sie sich erneut über die Web-Anmeldung an.',
  'webLogin.windowTitle': 'Mit der Web-Anmeldung anmelden – Webhook Desk',
  'error.auth.noPendingSignIn': 'Beginnen Sie von vorn: Geben Sie zuerst E-Mail und Passwort ein.',
  'error.account.unknown': 'Dieses gespeicherte Konto gibt es nicht mehr. Melden Sie sich erneut an.',
  'error.auth.secretMissing.password':
    'Webhook Desk kennt das Passwort für {email} nicht. Geben Sie es ein, um sich anzumelden.',
  'error.auth.secretMissing.token':
    'Webhook Desk kennt das Token für {email} nicht. Geben Sie es ein, um sich anzumelden.',
  'error.keychain.saveFailed': 'Ihr Passwort konnte nicht im Schlüsselbund gespeichert werden.',
  'error.session.endedNeedsCode':
    'Ihre Sitzung auf dem Server ist abgelaufen. Melden Sie sich mit einem neuen Bestätigungscode erneut an.',
  'error.session.endedReauthFailed':
    'Ihre Sitzung auf dem Server ist abgelaufen, und die erneute Anmeldung ist fehlgeschlagen: {reason}',
  'error.session.savedRefused': 'Der Server hat die gespeicherte Anmeldung nicht angenommen.',
  'error.keychain.locked':
    'Der Schlüsselbund Ihres Systems ist gesperrt oder der Zugriff wurde verweigert, daher kann sich Webhook Desk dieses Konto nicht merken. Entsperren Sie ihn und versuchen Sie es erneut, oder melden Sie sich ohne „Angemeldet bleiben“ an.',
  'error.data.busyTitle': 'Webhook Desk läuft bereits',
  'error.data.busy':
    'Webhook Desk (Prozess {pid}) verwendet {folder}: die Kommandozeile oder die App im Browser. Warten Sie, bis sie fertig ist, oder schließen Sie sie, und starten Sie Webhook Desk dann erneut.',
  'error.data.locked':
    'Ihre Entwürfe, der Änderungsverlauf und die Testzustellungen sind nicht verfügbar: Der Schlüsselbund mit ihrem Schlüssel ist gesperrt oder hat nicht geantwortet. Nichts wurde geändert oder verloren. Entsperren Sie den Schlüsselbund und wählen Sie „Erneut versuchen“.',
  'error.demo.unavailable':
    'Den Demo-Server gibt es nur in der App und im Browser-Harness, nicht auf der Kommandozeile.',
  'data.setAside.webhook.one':
    '{count} Entwurf oder gespeicherte Änderung konnte nicht gelesen werden (beschädigt oder mit einem nicht mehr vorhandenen Schlüssel versiegelt). Er wurde nicht gelöscht, sondern in {folder} beiseitegelegt.',
  'data.setAside.webhook.other':
    '{count} Entwürfe oder gespeicherte Änderungen konnten nicht gelesen werden (beschädigt oder mit einem nicht mehr vorhandenen Schlüssel versiegelt). Sie wurden nicht gelöscht, sondern in {folder} beiseitegelegt.',
  'data.setAside.deliveries.one':
    '{count} Testzustellung konnte nicht gelesen werden (beschädigt oder mit einem nicht mehr vorhandenen Schlüssel versiegelt). Sie wurde nicht gelöscht, sondern in {folder} beiseitegelegt.',
  'data.setAside.deliveries.other':
    '{count} Testzustellungen konnten nicht gelesen werden (beschädigt oder mit einem nicht mehr vorhandenen Schlüssel versiegelt). Sie wurden nicht gelöscht, sondern in {folder} beiseitegelegt.',
  'error.keychain.unavailable':
    'Der Schlüsselbund Ihres Systems ist nicht verfügbar (unter Linux muss ein Secret Service wie GNOME Keyring oder KWallet laufen), daher kann sich Webhook Desk keine Passwörter merken. Sie können sich trotzdem anmelden; beim nächsten Mal werden Sie erneut gefragt.',
  'error.profiles.unreadableMoved':
    'Ihre gespeicherten Konten konnten nicht gelesen werden, daher startete Webhook Desk ohne sie. Die alte Datei liegt unter {path}.',
  'error.profiles.unreadable':
    'Ihre gespeicherten Konten konnten nicht gelesen werden, daher startete Webhook Desk ohne sie.',
  'error.ipc.unknownOperation': 'Unbekannter Vorgang.',
  'error.ipc.unreadableInput': 'Ungültige Eingabe für {operation}: Sie konnte nicht gelesen werden.',
  'error.ipc.invalidInput': 'Ungültige Eingabe für {operation}: {issues}',
  'error.internal':
    'In Webhook Desk ist etwas schiefgelaufen. Versuchen Sie es erneut; passiert es wieder, starten Sie die App neu.',
  'error.ipc.untrustedSender': 'Diese Anfrage kam nicht aus dem Fenster von Webhook Desk.',

  'diag.dns.title': 'Der Hostname wurde nicht gefunden',
  'diag.dns.detail': 'Das DNS kennt keine Adresse für {host}.',
  'diag.dns.next': 'Prüfen Sie die URL auf Tippfehler; „nslookup {host}“ zeigt, was das DNS sagt.',
  'diag.refused.title': 'Verbindung abgelehnt',
  'diag.refused.detail': '{host} ist erreichbar, aber auf diesem Port nimmt niemand Verbindungen an.',
  'diag.refused.next': 'Prüfen Sie, ob Ihr Empfänger läuft und auf dem Port aus der URL lauscht.',
  'diag.timeout.title': 'Zeitüberschreitung',
  'diag.timeout.detail':
    '{host} hat nicht innerhalb von {seconds} s geantwortet. Auch die Cloud gibt dann auf und versucht es nicht erneut.',
  'diag.timeout.next':
    'Lassen Sie den Empfänger schnell antworten (Arbeit einreihen und sofort 200 senden) oder prüfen Sie Firewalls dazwischen.',
  'diag.reset.title': 'Verbindung ohne Antwort geschlossen',
  'diag.reset.detail': '{host} hat die Verbindung vor der Antwort geschlossen.',
  'diag.reset.next':
    'Sehen Sie in die Protokolle des Empfängers: Er ist bei dieser Anfrage womöglich abgestürzt, oder ein Proxy bricht sie ab.',
  'diag.selfSigned.title': 'Selbstsigniertes Zertifikat',
  'diag.selfSigned.detail':
    '{host} hat ein Zertifikat vorgelegt, das keine öffentliche Stelle signiert hat. Die Cloud wird es ablehnen.',
  'diag.selfSigned.next':
    'Verwenden Sie ein Zertifikat einer öffentlichen Zertifizierungsstelle wie Let’s Encrypt.',
  'diag.expired.title': 'Zertifikat abgelaufen',
  'diag.expired.detail': 'Das Zertifikat von {host} liegt außerhalb seines Gültigkeitszeitraums.',
  'diag.expired.next': 'Erneuern Sie das Zertifikat (und prüfen Sie die Uhr des Servers).',
  'diag.hostname.title': 'Zertifikat gilt für einen anderen Namen',
  'diag.hostname.detail': 'Das Zertifikat von {host} enthält diesen Hostnamen nicht.',
  'diag.hostname.next':
    'Verwenden Sie den Hostnamen, für den das Zertifikat ausgestellt wurde, oder besorgen Sie eines, das diesen Namen abdeckt.',
  'diag.chain.title': 'Unvollständige Zertifikatskette',
  'diag.chain.detail': '{host} sendet sein Zertifikat ohne die Zwischenzertifikate.',
  'diag.chain.next':
    'Richten Sie den Server so ein, dass er die ganze Kette sendet; prüfen Sie es mit „openssl s_client -connect {host}:443 -showcerts“.',
  'diag.failed.title': 'Die Anfrage ist fehlgeschlagen',
  'diag.failed.detail': 'Webhook Desk konnte die Anfrage nicht abschließen ({code}).',
  'diag.failed.next': 'Prüfen Sie die URL und ob der Empfänger läuft, und versuchen Sie es dann erneut.',
  'diag.delivered.title': 'Zugestellt',
  'diag.delivered.detail': 'Der Empfänger hat {status} geantwortet. Die Cloud zählt das als zugestellt.',
  'diag.delivered.next': 'Nichts zu tun.',
  'diag.otherSuccess.title': 'Die Cloud würde das als Fehler werten',
  'diag.otherSuccess.detail':
    'Der Empfänger hat {status} geantwortet. Die Cloud akzeptiert nur 200 und 201 und würde das daher als Fehler behandeln.',
  'diag.otherSuccess.next': 'Lassen Sie den Empfänger mit 200 (oder 201) antworten.',
  'diag.redirect.title': 'Weiterleitung ({status})',
  'diag.redirect.detail':
    'Der Empfänger leitet weiter. Es ist nicht bekannt, dass die Cloud Weiterleitungen folgt; das Ereignis ginge also verloren.',
  'diag.redirect.detailTo':
    'Der Empfänger leitet weiter nach {location}. Es ist nicht bekannt, dass die Cloud Weiterleitungen folgt; das Ereignis ginge also verloren.',
  'diag.redirect.next': 'Verwenden Sie die endgültige URL, ohne Weiterleitungen.',
  'diag.redirect.nextTo': 'Tragen Sie die endgültige URL in webhookUrl ein.',
  'diag.auth.title': 'Abgelehnt: {status}',
  'diag.auth.detail':
    'Der Empfänger hat die Zugangsdaten der Anfrage abgelehnt. Der Authorization-Header (webhookPsk) passt wahrscheinlich nicht zu dem, was er erwartet.',
  'diag.auth.next':
    'Vergleichen Sie den Header-Wert mit der Konfiguration Ihres Empfängers, samt Schema („Bearer …“, „Basic …“).',
  'diag.notFound.title': 'Nicht gefunden (404)',
  'diag.notFound.detail': 'Unter diesem Pfad antwortet nichts.',
  'diag.notAllowed.title': 'Methode nicht erlaubt (405)',
  'diag.notAllowed.detail': 'Den Pfad gibt es, aber er nimmt kein POST an.',
  'diag.path.next': 'Prüfen Sie den Pfad in der URL und ob der Empfänger POST annimmt.',
  'diag.tooLarge.title': 'Nutzlast zu groß (413)',
  'diag.tooLarge.detail': 'Der Empfänger lehnt so große Bodies ab.',
  'diag.tooLarge.next': 'Erhöhen Sie die Größengrenze für Bodies beim Empfänger oder seinem Proxy.',
  'diag.serverError.title': 'Serverfehler ({status})',
  'diag.serverError.detail':
    'Der Empfänger ist bei der Verarbeitung des Ereignisses gescheitert. Die Cloud versucht es nicht erneut; das Ereignis ginge also verloren.',
  'diag.serverError.next':
    'Sehen Sie in die Protokolle des Empfängers zu dieser Anfrage (mit der X-PowTxn-ID).',
  'diag.refusedOther.title': 'Abgelehnt: {status}',
  'diag.refusedOther.detail': 'Der Empfänger hat {status} geantwortet.',
  'diag.refusedOther.next': 'Der Antwort-Body unten nennt den Grund des Empfängers.',
  'diag.reachability':
    'Von hier erreichbar heißt nicht von der Cloud erreichbar: {host} ist {where}. Die BikeTrax Cloud sendet aus dem Internet und kann dorthin nicht zustellen, obwohl dieser Test durchging.',
  'diag.reachabilityAt':
    'Von hier erreichbar heißt nicht von der Cloud erreichbar: {host} ({address}) ist {where}. Die BikeTrax Cloud sendet aus dem Internet und kann dorthin nicht zustellen, obwohl dieser Test durchging.',

  'error.save.readonlyAccount':
    'Dieses Konto ist schreibgeschützt: Der Server lässt es seine eigenen Attribute nicht ändern. Fragen Sie den Kontoinhaber oder einen Administrator.',
  'error.save.readonlyServer':
    'Der Server ist im Nur-Lese-Modus: Derzeit kann kein Konto seine Attribute ändern.',
  'error.save.tooLarge':
    'Die Attribute des Kontos wären {size} Zeichen lang, {over} mehr als die Grenze des Servers von {limit}. Kürzen Sie URL oder Header, oder entfernen Sie in der Weboberfläche Attribute, die Sie nicht mehr brauchen.',
  'error.save.willBeEscaped':
    '{host} (Traccar {version}) maskiert Text für HTML: Der Server speichert {keys} mit & < > " \' als &amp;, &lt;, &gt;, &#34;, &#39;, sodass die Cloud eine falsche URL aufrufen oder einen falschen Authorization-Wert senden kann. Vermeiden Sie das mit einer URL ohne diese Zeichen (Parameter in den Pfad, z. B. https://example.org/hook/abc123 statt ?id=1&key=abc) und einem PSK ohne sie (zum Beispiel ein zufälliges Geheimnis aus Buchstaben und Ziffern). Speichern Sie trotzdem nur, wenn Ihr Empfänger mit dem maskierten Wert zurechtkommt.',
  'error.save.mayBeEscaped':
    '{host} läuft mit Traccar {version}, das Text für HTML maskiert, wenn es so eingestellt ist; Webhook Desk kann noch nicht erkennen, ob es das tut. Falls ja, speichert der Server {keys} mit maskierten & < > " \' (& als &amp;), und die Cloud kann eine falsche URL aufrufen oder einen falschen Authorization-Wert senden. Sicherer: eine URL ohne diese Zeichen (Parameter in den Pfad) und ein PSK ohne sie (zum Beispiel ein zufälliges Geheimnis aus Buchstaben und Ziffern).',
  'error.save.notConfirmed':
    'Der Server hat das Speichern angenommen, aber beim Zurücklesen zeigt das Konto andere Webhook-Werte (vielleicht hat sie jemand im selben Moment geändert). Laden Sie neu, um den aktuellen Stand zu sehen.',
  'error.save.notApplied':
    '{reason} Das Zurücklesen des Kontos zeigt die bisherigen Werte, es wurde also nichts geändert. Ihre Änderungen bleiben erhalten; speichern Sie erneut.',
  'error.save.outcomeUnknown':
    'Ob das Speichern angekommen ist, ist nicht bekannt: Die Antwort von {host} ging verloren, und auch das Zurücklesen des Kontos ist gescheitert. Ihre Änderungen bleiben erhalten. Prüfen Sie erneut, sobald der Server antwortet; auch erneutes Speichern ist sicher.',
  'error.save.answerLost': 'Die Antwort auf das frühere Speichern ging verloren.',
  'error.save.nothingPending': 'Es wartet kein Speichervorgang auf eine Prüfung.',
  'error.history.unknown': 'Dieser Eintrag ist nicht mehr im Verlauf.',
  'error.save.readonlyCaller':
    'Ihr Konto ist schreibgeschützt: Der Server lässt es auch die Attribute anderer Konten nicht ändern. Wenden Sie sich an einen Administrator.',
  'error.history.secretNotKept':
    'Der PSK dieses Eintrags war ein erzeugtes Geheimnis, das die App nicht aufbewahrt; er kann daher nicht wiederhergestellt werden. Setzen Sie den PSK stattdessen von Hand.',
  'error.bulk.urlEmpty': 'Geben Sie eine Webhook-URL an oder wählen Sie, den Webhook auszuschalten.',
  'error.bulk.unknownType':
    'Der Server kennt keinen Ereignistyp "{type}". Ereignistypen unterscheiden Groß- und Kleinschreibung; wählen Sie sie aus der Liste.',
  'bulk.skip.administrator': 'Das Konto eines Administrators: Nur ein Administrator kann es ändern.',
  'bulk.skip.expiry':
    'Der Server lehnt diese Änderung ab: Ihr Konto hat ein Ablaufdatum, und das Ablaufdatum dieses Kontos liegt später oder fehlt (Traccar vor 5.5).',
  'bulk.skip.readonly': 'Ein schreibgeschütztes Konto: Öffnen Sie es einzeln, um seinen Webhook zu ändern.',
  'bulk.skip.nearMiss':
    'Hat Attribute, die nur wie Webhook-Schlüssel aussehen ({keys}): Öffnen Sie das Konto und korrigieren Sie sie zuerst.',
  'bulk.result.cancelled': 'Nicht geändert: Der Stapel wurde vorher abgebrochen.',
  'bulk.result.unchanged':
    'Hatte diese Werte bereits: Es wurde nichts geschrieben, und das Rückgängigmachen des Stapels lässt das Konto, wie es ist.',
  'bulk.result.conflict':
    'Seit der Prüfung auf dem Server geändert: Es wurde nichts geschrieben. Prüfen Sie erneut, um die neuen Werte einzubeziehen.',
  'error.import.unclosedQuote': 'Ein Feld in Anführungszeichen wird nie geschlossen (ein " fehlt).',
  'error.import.textAfterQuote':
    'Nach einem schließenden Anführungszeichen folgt Text; schreiben Sie ein Anführungszeichen darin als "".',
  'error.import.header': 'Die erste Zeile muss die Spalten {expected} benennen; es fehlt: {missing}.',
  'error.import.empty': 'Die Datei hat unter der Kopfzeile keine Zeilen.',
  'error.import.noEmail': 'Die E-Mail-Adresse ist leer.',
  'error.import.duplicateEmail': 'Diese E-Mail-Adresse steht bereits in Zeile {line}.',
  'error.import.unknownEmail': '{email} ist keines der Konten, die Sie verwalten.',
  'error.import.urlEmpty': 'Die Webhook-URL ist leer, aber ein PSK oder Ereignistypen sind angegeben.',
  'error.import.maskedUrl':
    'Die URL hat ein maskiertes Passwort, das nicht zur URL des Kontos passt. Exportieren Sie mit Geheimnissen oder schreiben Sie die vollständige URL.',
  'error.target.changed':
    'Dieses Formular gehört zu einem anderen Konto als dem jetzt geöffneten (Benutzer {current}). Es wurde nichts gespeichert; öffnen Sie das Konto erneut und wiederholen Sie die Änderung.',
  'error.managed.notManager':
    'Nur Administratoren und Manager können andere Konten sehen. Dieses Konto verwaltet keine Benutzer.',
  'error.managed.unknownAccount':
    'Konto {userId} wird nicht von Ihnen verwaltet oder existiert nicht mehr. Laden Sie die Konten neu.',
  'error.managed.pagingStuck':
    '{host} hat auf die Frage nach der nächsten Seite dieselben Konten erneut geliefert (es scheint „offset“ zu ignorieren); die Liste wäre unvollständig und wird daher nicht angezeigt. Es wurde nichts geändert. Prüfen Sie einen Proxy zwischen hier und dem Server, oder fragen Sie dessen Administrator.',
  'error.bulk.unknownPlan': 'Diese Prüfung ist nicht mehr verfügbar. Prüfen Sie die Änderung erneut.',
  'error.bulk.unknownBatch': 'Dieser Stapel ist nicht mehr bekannt. Laden Sie die Konten neu.',
  'error.bulk.running':
    'Ein anderer Stapel läuft noch. Warten Sie, bis er fertig ist, oder brechen Sie ihn zuerst ab.',
  'error.bulk.nothingToRetry':
    'Bei keinem Konto dieses Stapels ist etwas fehlgeschlagen, es gibt nichts zu wiederholen.',
  'error.bulk.nothingToUndo':
    'Kein Konto dieses Stapels wurde geändert, es gibt nichts rückgängig zu machen.',
  'error.bulk.noSecrets': 'Dieser Stapel hat keine erzeugten PSKs gesetzt.',
  'error.bulk.secretsGone':
    'Die erzeugten PSKs dieses Stapels wurden bereits einmal ausgegeben und werden nicht aufbewahrt. Für neue setzen Sie diesen Konten einen neuen PSK.',
  'error.import.invalid.one':
    'Die Datei hat 1 Problem; es wurde nichts gesendet. Korrigieren Sie die genannte Zeile und importieren Sie sie erneut.',
  'error.import.invalid.other':
    'Die Datei hat {count} Probleme; es wurde nichts gesendet. Korrigieren Sie die genannten Zeilen und importieren Sie sie erneut.',
  'error.delivery.truncated':
    'Der Inhalt dieses Tests war größer als 64 KB, und nur die ersten 64 KB wurden aufbewahrt. Daher kann er nicht unverändert erneut gesendet oder kopiert werden. Senden Sie ihn erneut über das Formular oben.',
  'error.delivery.unknown': 'Diese Zustellung ist nicht mehr im Verlauf.',
  'error.test.bodyNotJson':
    'Der Body ist kein gültiges JSON ({detail}). Korrigieren Sie ihn oder erzeugen Sie ihn neu aus dem Ereignistyp.',
  'error.test.bodyNotObject':
    'Der Body muss ein JSON-Objekt sein, wie die Cloud es sendet. Korrigieren Sie ihn oder erzeugen Sie ihn neu aus dem Ereignistyp.',
  'test.devicesRefused':
    'Der Server lässt Sie die Geräte dieses Kontos nicht lesen, daher verwenden Tests ein Beispiel-Fahrrad.',
  'error.inbox.portInUse':
    'Port {port} wird bereits von einem anderen Programm verwendet. Wählen Sie einen anderen Port oder 0 für einen beliebigen freien.',
  'error.inbox.failed': 'Der Posteingang konnte nicht starten ({reason}).',
  'error.events.range': 'Der Beginn des Zeitraums muss vor seinem Ende liegen.',

  'socket.connecting': 'Verbindung zum Live-Ereignisstrom wird aufgebaut …',
  'socket.open':
    'Live. Der Server schickt hierher nur Ereignisse der Typen, für die Ihr Konto eine „web“-Benachrichtigung hat.',
  'socket.closed': 'Getrennt. Neuer Versuch in {seconds} s.',

  'menu.file': 'Datei',
  'menu.edit': 'Bearbeiten',
  'menu.view': 'Ansicht',
  'menu.help': 'Hilfe',
  'menu.review': 'Webhook prüfen und speichern …',
  'menu.switch': 'Konto wechseln …',
  'menu.signOut': 'Abmelden',
  'menu.settings': 'Einstellungen …',
  'menu.guide': 'BikeTrax-Integrationsanleitung',

  'about.server': 'Angemeldet bei {host}: Traccar {version}, {escaping}',
  'about.escaping.yes': 'maskiert Text für HTML',
  'about.escaping.likely': 'maskiert Text vermutlich für HTML',
  'about.escaping.possible': 'maskiert Text eventuell für HTML (noch unbekannt)',
  'about.escaping.no': 'keine HTML-Maskierung',
  'about.copyright': 'Webhook Desk für BikeTrax Cloud und Traccar',
}
