// electron-builder afterPack hook: sets Electron's fuses on the packaged app for production.
// Tests run the unpackaged app, so they keep what Playwright needs (inspect arguments, run as node).
const { join } = require('node:path')
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses')

const PRODUCTION_FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Safe because the window never loads from file://: it loads from app://webhook-desk/
  // (src/main/electron/renderer-files.ts). A file:// page would have origin null and, without these
  // privileges, its module script and CSS would be blocked: a blank window.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
}

function executableOf(context) {
  const name = context.packager.appInfo.productFilename
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`)
    case 'win32':
      return join(context.appOutDir, `${name}.exe`)
    default:
      return join(context.appOutDir, context.packager.executableName)
  }
}

module.exports = async function afterPack(context) {
  await flipFuses(executableOf(context), {
    ...PRODUCTION_FUSES,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
  })
}
module.exports.PRODUCTION_FUSES = PRODUCTION_FUSES
