--- :checkhealth dlvbridge — the binary, dlv, their versions, the servers
--- running and nvim-dap.
local M = {}

local function run(cmd)
  local ok, result = pcall(function()
    return vim.system(cmd, { text = true }):wait(20000)
  end)
  if not ok then
    return nil, tostring(result)
  end
  if result.code ~= 0 then
    return nil, vim.trim((result.stderr or '') .. (result.stdout or ''))
  end
  return vim.trim(result.stdout or ''), nil
end

function M.check()
  local health = vim.health
  local config = require('dlvbridge').config
  local lsp = require('dlvbridge.lsp')

  health.start('dlvbridge')
  if vim.fn.has('nvim-0.10') ~= 1 then
    health.error('Neovim 0.10 or later is needed')
  end
  local program = type(config.dlvbridge) == 'table' and config.dlvbridge or { config.dlvbridge }
  local path = vim.fn.exepath(program[1])
  if path == '' then
    health.error(('%s not found'):format(program[1]), {
      'build it: `cargo install --locked --path .` in a dlvbridge checkout',
      'or give its path: require("dlvbridge").setup{ dlvbridge = "/path/to/dlvbridge" }',
    })
  else
    local argv = vim.deepcopy(program)
    argv[1] = path
    local version, err = run(vim.list_extend(vim.deepcopy(argv), { '--version' }))
    if version then
      health.ok(('%s at %s'):format(version, table.concat(argv, ' ')))
    else
      health.error(('%s --version failed: %s'):format(table.concat(argv, ' '), err))
    end
    -- doctor finds dlv the way the server's debug sessions do.
    local doctor = vim.list_extend(vim.deepcopy(argv), { 'doctor', '--json' })
    if config.dlv then
      vim.list_extend(doctor, { '--dlv', config.dlv })
    end
    local out = run(doctor)
    local decoded = out and vim.F.npcall(vim.json.decode, out)
    local dlv
    for _, check in ipairs(decoded and decoded.checks or {}) do
      if check.id == 'dlv' then
        dlv = check
      end
    end
    if not dlv then
      health.warn('`dlvbridge doctor --json` said nothing about dlv: ' .. tostring(out))
    elseif dlv.status == 'ok' then
      health.ok(dlv.message)
    else
      health.error(dlv.message, {
        dlv.fix or 'go install github.com/go-delve/delve/cmd/dlv@latest',
        'or give its path: require("dlvbridge").setup{ dlv = "/path/to/dlv" }',
      })
    end
  end

  health.start('dlvbridge: language server')
  local clients = vim.lsp.get_clients({ name = lsp.name })
  if not config.lsp then
    health.info('not started for Go buffers (lsp = false)')
  elseif #clients == 0 then
    health.warn('no dlvbridge lsp is running', {
      'call require("dlvbridge").setup{} in your config, then open a Go file',
    })
  end
  for _, client in ipairs(clients) do
    local buffers = {}
    for buf in pairs(client.attached_buffers or {}) do
      table.insert(buffers, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':~:.'))
    end
    table.sort(buffers)
    health.ok(('client %d for %s, attached to %s'):format(
      client.id,
      client.root_dir or '?',
      #buffers > 0 and table.concat(buffers, ', ') or 'no buffer'
    ))
  end

  health.start('dlvbridge: nvim-dap')
  local ok, dap = pcall(require, 'dap')
  if not ok then
    health.warn('nvim-dap is not installed: no debug sessions and no :DlvbridgeCondition', {
      'install mfussenegger/nvim-dap with your plugin manager',
    })
  elseif dap.adapters[require('dlvbridge.dap').type] == nil then
    health.warn('nvim-dap is installed but the dlvbridge adapter is not registered', {
      'call require("dlvbridge").setup{} after nvim-dap is on the runtimepath',
    })
  else
    health.ok('nvim-dap is installed and the dlvbridge adapter registered')
    local last = require('dlvbridge.dap').last
    if last then
      health.info('last session: ' .. last.why)
    end
  end
end

return M
