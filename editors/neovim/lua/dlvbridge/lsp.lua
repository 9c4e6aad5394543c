--- The `dlvbridge lsp` client: one per workspace root (the folder of go.mod),
--- beside gopls. It answers only where breakpoint texts are written, shows
--- the verdicts of breakpoints as diagnostics, and hands debug sessions the
--- path of its DAP endpoint.
local M = {}

M.name = 'dlvbridge'

local function config()
  return require('dlvbridge').config
end

--- The command that starts the server, with the options that have flags.
---@return string[]
function M.cmd()
  local c = config()
  local args = {}
  if c.dlv then
    vim.list_extend(args, { '--dlv', c.dlv })
  end
  if c.log_file then
    vim.list_extend(args, { '--log-file', vim.fn.expand(c.log_file) })
  end
  return require('dlvbridge').argv('lsp', args)
end

--- The workspace root of a buffer: the folder with a root marker (go.mod),
--- else the buffer's folder.
---@param buf integer
---@return string
function M.root(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  local root = vim.fs.root(buf, config().root_markers)
  if root then
    return root
  end
  return name ~= '' and vim.fs.dirname(name) or vim.fn.getcwd()
end

--- Starts the server for a Go buffer, or attaches the buffer to the one
--- already running for its root.
---@param buf integer
---@return integer? client id
function M.start(buf)
  if vim.bo[buf].buftype ~= '' then
    return nil
  end
  local cmd = M.cmd()
  if vim.fn.executable(cmd[1]) ~= 1 then
    vim.notify_once(
      ('dlvbridge: %s not found; install it (`cargo install --locked --path .` in a dlvbridge checkout) or set `dlvbridge` in setup{}'):format(cmd[1]),
      vim.log.levels.WARN
    )
    return nil
  end
  local init_options = vim.empty_dict()
  if config().binary then
    init_options = { binary = config().binary }
  end
  return vim.lsp.start({
    name = M.name,
    cmd = cmd,
    root_dir = M.root(buf),
    init_options = init_options,
  }, { bufnr = buf })
end

--- The client serving a buffer (or, for any other buffer, the one whose
--- root holds the current directory).
---@param buf integer?
---@return vim.lsp.Client?
function M.client(buf)
  buf = buf or vim.api.nvim_get_current_buf()
  local attached = vim.lsp.get_clients({ name = M.name, bufnr = buf })[1]
  if attached then
    return attached
  end
  local cwd = vim.fn.getcwd()
  for _, c in ipairs(vim.lsp.get_clients({ name = M.name })) do
    if c.root_dir and (cwd == c.root_dir or vim.startswith(cwd, c.root_dir .. '/')) then
      return c
    end
  end
  return nil
end

-- Neovim 0.11 made client methods take `self`.
local method_style = vim.fn.has('nvim-0.11') == 1

--- Sends a request and calls `on_result(err, result)` on the main loop.
---@param client vim.lsp.Client
---@param method string
---@param params table?
---@param on_result fun(err: table?, result: any)
---@param buf integer?
function M.request(client, method, params, on_result, buf)
  local handler = function(err, result)
    on_result(err, result)
  end
  if method_style then
    return client:request(method, params, handler, buf)
  end
  return client.request(method, params, handler, buf)
end

--- Where a debug client connects to this server: `{transport, path}`.
---@param client vim.lsp.Client
---@param on_endpoint fun(err: string?, endpoint: { transport: string, path: string }?)
function M.dap_endpoint(client, on_endpoint)
  M.request(client, 'dlvbridge/dapEndpoint', nil, function(err, result)
    if err then
      on_endpoint(err.message or vim.inspect(err), nil)
    elseif type(result) ~= 'table' or result.transport ~= 'pipe' or type(result.path) ~= 'string' then
      on_endpoint('unexpected answer ' .. vim.inspect(result), nil)
    else
      on_endpoint(nil, result)
    end
  end)
end

local function nonempty(s)
  return s ~= nil and s ~= '' and s or nil
end

-- What was last sent for each buffer, so idle checks send only changes.
local sent = {}

--- Sends the nvim-dap breakpoints of a Go buffer to the server when they
--- changed since the last time (always with `force`); the server checks
--- them and shows the verdicts as diagnostics on their lines. nvim-dap has
--- no breakpoint event, so this also runs when the cursor rests. During a
--- debug session the session's own `setBreakpoints` does it.
---@param buf integer
---@param force boolean?
function M.sync_breakpoints(buf, force)
  local ok, dap = pcall(require, 'dap')
  if not ok or dap.session() ~= nil or not vim.api.nvim_buf_is_valid(buf) then
    return
  end
  local client = vim.lsp.get_clients({ name = M.name, bufnr = buf })[1]
  local path = vim.api.nvim_buf_get_name(buf)
  if not client or path == '' then
    return
  end
  local bps = {}
  for _, bp in ipairs(require('dap.breakpoints').get(buf)[buf] or {}) do
    table.insert(bps, {
      line = bp.line,
      condition = nonempty(bp.condition),
      hitCondition = nonempty(bp.hitCondition),
      logMessage = nonempty(bp.logMessage),
    })
  end
  table.sort(bps, function(a, b)
    return a.line < b.line
  end)
  local signature = tostring(client.id)
  for _, bp in ipairs(bps) do
    signature = signature .. ('\0%d\1%s\1%s\1%s'):format(bp.line, bp.condition or '', bp.hitCondition or '', bp.logMessage or '')
  end
  -- A buffer never sent counts as sent empty: nothing to clear.
  if not force and (sent[buf] or tostring(client.id)) == signature then
    return
  end
  sent[buf] = signature
  M.request(client, 'dlvbridge/setBreakpoints', { source = { path = path }, breakpoints = bps }, function(err)
    if err then
      sent[buf] = nil
      vim.notify('dlvbridge/setBreakpoints: ' .. (err.message or vim.inspect(err)), vim.log.levels.WARN)
    end
  end, buf)
end

return M
