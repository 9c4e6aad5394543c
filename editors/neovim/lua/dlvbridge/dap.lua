--- The nvim-dap side: an adapter `dlvbridge` whose sessions run in the
--- `dlvbridge lsp` process of the workspace (its DAP endpoint, a unix
--- socket), so breakpoint verdicts, console completions and path rules come
--- from the process that serves the editor; and Go configurations for it.
local M = {}

M.type = 'dlvbridge'

--- How the last session reached dlvbridge, for :checkhealth.
---@type { adapter: table, why: string }?
M.last = nil

local function config()
  return require('dlvbridge').config
end

--- Asks for a value with vim.ui.input from nvim-dap's coroutine; an empty
--- answer aborts the launch.
---@param prompt string
---@param default string?
---@param completion string?
local function ask(prompt, default, completion)
  local co = coroutine.running()
  local answer, answered, waiting = nil, false, false
  vim.ui.input({ prompt = prompt, default = default, completion = completion }, function(value)
    answer, answered = value, true
    if waiting then
      coroutine.resume(co)
    end
  end)
  if not answered then
    waiting = true
    coroutine.yield()
  end
  if answer == nil or vim.trim(answer) == '' then
    return require('dap').ABORT
  end
  return vim.trim(answer)
end

local function root()
  return require('dlvbridge.lsp').root(vim.api.nvim_get_current_buf())
end

-- nvim-dap warns when `launch` is not answered within 4 s, and a launch
-- answers after `go build`.
local OPTIONS = { initialize_timeout_sec = 60 }

--- An executable adapter running `dlvbridge dap ARGS`.
local function executable(args, cwd)
  local argv = require('dlvbridge').argv('dap', args)
  return {
    type = 'executable',
    command = table.remove(argv, 1),
    args = argv,
    options = vim.tbl_extend('force', OPTIONS, { cwd = cwd }),
  }
end

--- nvim-dap's adapter function: the server's endpoint when a server runs
--- for this workspace, else a `dlvbridge dap` of its own (always on
--- Windows, where the server has no endpoint and a WSL one's socket cannot
--- be reached); a remote attach runs `dlvbridge dap --connect HOST:PORT`.
---@param on_adapter fun(adapter: table)
---@param cfg table the resolved configuration
function M.adapter(on_adapter, cfg)
  local lsp = require('dlvbridge.lsp')
  local cwd = cfg.cwd or root()
  local function use(adapter, why)
    M.last = { adapter = adapter, why = why }
    on_adapter(adapter)
  end
  if cfg.request == 'attach' and cfg.mode == 'remote' then
    local address = ('%s:%s'):format(cfg.host or '127.0.0.1', cfg.port or 2345)
    return use(executable({ '--connect', address }, cwd), 'remote attach to dlv at ' .. address)
  end
  local function own(why)
    use(executable(config().dlv and { '--dlv', config().dlv } or {}, cwd), why)
  end
  if vim.fn.has('win32') == 1 then
    return own('Windows: a dlvbridge dap of its own')
  end
  local client = lsp.client()
  if not client then
    return own('no dlvbridge lsp for ' .. vim.fn.getcwd() .. ': a dlvbridge dap of its own')
  end
  lsp.dap_endpoint(client, function(err, endpoint)
    if err then
      own('no DAP endpoint (' .. err .. '): a dlvbridge dap of its own')
    else
      use({ type = 'pipe', pipe = endpoint.path, options = OPTIONS }, 'the DAP endpoint of dlvbridge lsp (' .. client.root_dir .. ')')
    end
  end)
end

--- The Go configurations, in the order nvim-dap lists them.
---@return table[]
function M.configurations()
  local strict = config().strict_conditions
  local function launch(name, mode, program)
    return {
      type = M.type,
      request = 'launch',
      name = name,
      mode = mode,
      program = program,
      cwd = root,
      strictConditions = strict,
    }
  end
  return {
    launch('Debug file (dlvbridge)', 'debug', '${file}'),
    launch('Debug package (dlvbridge)', 'debug', '${fileDirname}'),
    launch('Debug test (dlvbridge)', 'test', '${fileDirname}'),
    launch('Debug binary (dlvbridge)', 'exec', function()
      return ask('Binary: ', root() .. '/', 'file')
    end),
    {
      type = M.type,
      request = 'attach',
      name = 'Attach to process (dlvbridge)',
      mode = 'local',
      processId = function()
        return require('dap.utils').pick_process()
      end,
      cwd = root,
      strictConditions = strict,
    },
    {
      type = M.type,
      request = 'attach',
      name = 'Attach to dlv --headless (dlvbridge)',
      mode = 'remote',
      host = function()
        return ask('dlv --headless host: ', '127.0.0.1')
      end,
      port = function()
        local port = ask('dlv --headless port: ', '2345')
        return tonumber(port) or port
      end,
      cwd = root,
      strictConditions = strict,
    },
  }
end

--- Registers the adapter and adds the configurations to `dap.configurations.go`
--- (replacing those of an earlier call, keeping everyone else's).
---@param dap table require('dap')
function M.register(dap)
  dap.adapters[M.type] = M.adapter
  local kept = {}
  for _, c in ipairs(dap.configurations.go or {}) do
    if c.type ~= M.type then
      table.insert(kept, c)
    end
  end
  dap.configurations.go = vim.list_extend(kept, M.configurations())
end

return M
