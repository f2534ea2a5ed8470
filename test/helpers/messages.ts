/** Every language's messages, registered as main does at start (tests speak English unless told). */
import '../../src/main/i18n'
