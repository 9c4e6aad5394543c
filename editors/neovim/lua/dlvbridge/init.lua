--- dlvbridge for Neovim: `dlvbridge lsp` beside gopls for Go buffers, an
--- nvim-dap adapter whose sessions run in that same process, and a floating
--- editor for breakpoint conditions that completes and checks as you type.
local M = {}

---@class dlvbridge.Config
---@field dlvbridge string|string[]  the program, or the words that run it (default: 'dlvbridge'; { 'wsl', 'dlvbridge' } runs it in WSL)
---@field lsp boolean            start `dlvbridge lsp` for Go buffers (default: true)
---@field dlv string?             the dlv its debug sessions start (`--dlv`); default: $DLV_PATH, then PATH
---@field log_file string?        the server's log (`--log-file`); RUST_LOG filters it
---@field binary string?          a Go binary built with -gcflags=all=-N -l whose DWARF gives the scopes (relative to the root)
---@field filetypes string[]      buffers the server starts for (default: { 'go' })
---@field root_markers string[]   what marks a workspace root (default: { 'go.mod' })
---@field dap boolean             register the `dlvbridge` adapter and Go configurations with nvim-dap (default: true)
---@field strict_conditions boolean  `strictConditions` in the configurations (default: false)
---@field autocomplete boolean    complete as you type in the condition editor (Neovim 0.11+; default: true)
M.defaults = {
  dlvbridge = 'dlvbridge',
  lsp = true,
  dlv = nil,
  log_file = nil,
  binary = nil,
  filetypes = { 'go' },
  root_markers = { 'go.mod' },
  dap = true,
  strict_conditions = false,
  autocomplete = true,
}

---@type dlvbridge.Config
M.config = vim.deepcopy(M.defaults)

local group = vim.api.nvim_create_augroup('dlvbridge', { clear = true })

--- The command line of a dlvbridge subcommand (`lsp`, `dap`, `doctor`):
--- the configured program, then the subcommand and its arguments.
---@param subcommand string
---@param args string[]?
---@return string[]
function M.argv(subcommand, args)
  local program = M.config.dlvbridge
  local argv = type(program) == 'table' and vim.deepcopy(program) or { program }
  table.insert(argv, subcommand)
  return vim.list_extend(argv, args or {})
end

--- Starts the server for Go buffers, registers the nvim-dap adapter when
--- nvim-dap is installed, and defines the commands. Calling it again
--- replaces the options.
---@param opts dlvbridge.Config?
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  local lsp = require('dlvbridge.lsp')
  vim.api.nvim_clear_autocmds({ group = group })
  if M.config.lsp then
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.config.filetypes,
      callback = function(ev)
        lsp.start(ev.buf)
      end,
    })
    -- Buffers already open when setup runs (lazy loading).
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
        lsp.start(buf)
      end
    end
  end
  vim.api.nvim_create_autocmd({ 'BufEnter', 'BufWritePost', 'CursorHold' }, {
    group = group,
    pattern = '*.go',
    callback = function(ev)
      lsp.sync_breakpoints(ev.buf)
    end,
  })

  local condition = require('dlvbridge.condition')
  local commands = {
    DlvbridgeCondition = { 'condition', 'Edit the condition of the breakpoint under the cursor' },
    DlvbridgeHitCondition = { 'hitCondition', 'Edit the hit condition of the breakpoint under the cursor' },
    DlvbridgeLogMessage = { 'logMessage', 'Edit the log message of the breakpoint under the cursor' },
  }
  for name, spec in pairs(commands) do
    vim.api.nvim_create_user_command(name, function()
      condition.open(spec[1])
    end, { desc = spec[2] })
  end

  if M.config.dap then
    local ok, dap = pcall(require, 'dap')
    if ok then
      require('dlvbridge.dap').register(dap)
    end
  end
end

return M
