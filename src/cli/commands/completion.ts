/** Shell completion scripts for bash, zsh and fish, made from the same command table as the help. */
import { GLOBAL_OPTIONS, type CommandSpec } from '../command'
import { EXIT, usageError } from '../exit-codes'

const optionsOf = (command: CommandSpec): string[] =>
  Object.keys({ ...command.options, ...GLOBAL_OPTIONS }).map((name) => `--${name}`)

const single = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

function bash(commands: CommandSpec[]): string {
  const cases = commands.map((c) => `    ${c.name}) opts=${single(optionsOf(c).join(' '))} ;;`).join('\n')
  return `# webhook-desk completion for bash: eval "$(webhook-desk completion bash)"
_webhook_desk() {
  local cur=\${COMP_WORDS[COMP_CWORD]} opts=''
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${single(commands.map((c) => c.name).join(' '))} -- "$cur"))
    return
  fi
  case \${COMP_WORDS[1]} in
${cases}
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _webhook_desk webhook-desk
`
}

function zsh(commands: CommandSpec[]): string {
  const described = commands.map((c) => single(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)).join(' ')
  const cases = commands.map((c) => `    ${c.name}) compadd -- ${optionsOf(c).join(' ')} ;;`).join('\n')
  return `#compdef webhook-desk
# webhook-desk completion for zsh: webhook-desk completion zsh > "\${fpath[1]}/_webhook-desk"
_webhook_desk() {
  if (( CURRENT == 2 )); then
    local -a cmds
    cmds=(${described})
    _describe command cmds
    return
  fi
  case $words[2] in
${cases}
  esac
}
compdef _webhook_desk webhook-desk
`
}

function fish(commands: CommandSpec[]): string {
  const lines = [
    '# webhook-desk completion for fish: webhook-desk completion fish | source',
    'complete -c webhook-desk -f',
  ]
  for (const c of commands) {
    lines.push(`complete -c webhook-desk -n __fish_use_subcommand -a ${c.name} -d ${single(c.summary)}`)
    for (const [name, option] of Object.entries({ ...c.options, ...GLOBAL_OPTIONS })) {
      const takes = option.type === 'string' ? ' -r' : ''
      lines.push(
        `complete -c webhook-desk -n '__fish_seen_subcommand_from ${c.name}' -l ${name}${takes} -d ${single(option.description)}`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}

export function completionCommand(all: () => CommandSpec[]): CommandSpec {
  return {
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    positionals: 'bash|zsh|fish',
    options: {},
    examples: [
      'eval "$(webhook-desk completion bash)"',
      'webhook-desk completion zsh > "${fpath[1]}/_webhook-desk"',
      'webhook-desk completion fish > ~/.config/fish/completions/webhook-desk.fish',
    ],
    async run(ctx, _values, positionals) {
      const shells = { bash, zsh, fish }
      const shell = positionals[0] as keyof typeof shells | undefined
      if (!shell || positionals.length > 1 || !(shell in shells))
        throw usageError('Give one shell: bash, zsh or fish.')
      ctx.io.stdout.write(shells[shell](all()))
      return EXIT.ok
    },
  }
}
