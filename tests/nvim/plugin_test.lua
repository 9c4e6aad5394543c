-- Drives a real Neovim (in tmux, with tests/nvim/init.lua as its config)
-- over its RPC socket, typing as a user would, and checks the plugin in
-- editors/neovim with real nvim-dap, dlvbridge and dlv (run by
-- tests/nvim/run). Prints a transcript (paths as WS) that the runner
-- compares with plugin_test.expected; exits 1 with the reason and the
-- screen on the first failure. Screens are saved in OUT_DIR.
local sock, ws, foreign, out_dir, tmux_socket = arg[1], arg[2], arg[3], arg[4], arg[5]
local go_file = ws .. '/main.go'

local function screen()
  local r = vim.system({ 'tmux', '-L', tmux_socket, 'capture-pane', '-p', '-t', 'nvim' }, { text = true }):wait()
  return r.stdout or ''
end

-- The test's own `dlv --headless`, ended on the way out.
local headless

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n--- screen ---\n' .. screen() .. '\n')
  if headless then
    headless:kill(9)
  end
  os.exit(1)
end

local function norm(s)
  return (tostring(s):gsub(vim.pesc(ws), 'WS'))
end

local function out(s)
  io.stdout:write(norm(s) .. '\n')
end

local function save(name)
  local f = assert(io.open(out_dir .. '/' .. name .. '.txt', 'w'))
  f:write(norm(screen()))
  f:close()
end

local chan
if not vim.wait(20000, function()
  local ok, c = pcall(vim.fn.sockconnect, 'pipe', sock, { rpc = true })
  if ok and c > 0 then
    chan = c
    return true
  end
  return false
end, 100) then
  fail('cannot connect to nvim at ' .. sock)
end

--- Runs Lua in the editor and returns its value.
local function lua(code, ...)
  -- A prompt holds RPC requests until a key is typed.
  if screen():find('Press ENTER', 1, true) then
    fail('the editor waits at a prompt')
  end
  local ok, result = pcall(vim.rpcrequest, chan, 'nvim_exec_lua', code, { ... })
  if not ok then
    fail('in the editor: ' .. tostring(result) .. '\n' .. code)
  end
  return result
end

--- Types keys as a user would.
local function type_keys(keys)
  vim.rpcrequest(chan, 'nvim_input', keys)
end

local function wait(what, ms, cond)
  if not vim.wait(ms, cond, 50) then
    fail('timed out (' .. ms .. ' ms) waiting for ' .. what)
  end
end

local function expect(what, got, want)
  if got ~= want then
    fail(('%s: got %s, want %s'):format(what, vim.inspect(got), vim.inspect(want)))
  end
end

-- Lua evaluated in the editor, by name.
local Q = {
  client = [[
    local c = vim.lsp.get_clients({ name = 'dlvbridge', bufnr = vim.fn.bufnr(...) })[1]
    return c and c.initialized and { id = c.id, root = c.root_dir } or vim.NIL]],
  float = [[
    local win = vim.api.nvim_get_current_win()
    local buf = vim.api.nvim_get_current_buf()
    if vim.api.nvim_win_get_config(win).relative == '' then return vim.NIL end
    local clients = vim.tbl_map(function(c) return c.name end, vim.lsp.get_clients({ bufnr = buf }))
    local footer = vim.api.nvim_win_get_config(win).footer
    return {
      name = vim.api.nvim_buf_get_name(buf),
      filetype = vim.bo[buf].filetype,
      clients = clients,
      text = vim.api.nvim_get_current_line(),
      footer = type(footer) == 'table' and footer[1][1] or footer,
      mode = vim.api.nvim_get_mode().mode,
    }]],
  menu = [[
    local words = {}
    for _, i in ipairs(vim.fn.complete_info({ 'items' }).items) do table.insert(words, i.word) end
    table.sort(words)
    return words]],
  diagnostics = [[
    local ds = {}
    for _, d in ipairs(vim.diagnostic.get(vim.fn.bufnr(...))) do
      table.insert(ds, ('line %d: %s'):format(d.lnum + 1, d.message))
    end
    table.sort(ds)
    return ds]],
  breakpoints = [[
    local buf = vim.fn.bufnr(...)
    local bps = {}
    for _, bp in ipairs(require('dap.breakpoints').get(buf)[buf] or {}) do
      table.insert(bps, ('line %d condition=%s hitCondition=%s logMessage=%s'):format(
        bp.line, tostring(bp.condition), tostring(bp.hitCondition), tostring(bp.logMessage)))
    end
    table.sort(bps)
    return bps]],
  stopped = [[
    local s = require('dap').session()
    local f = s and s.stopped_thread_id and s.current_frame
    if not f then return vim.NIL end
    return { path = f.source and f.source.path or '?', line = f.line, name = f.name }]],
  evaluate = [[
    local s = require('dap').session()
    _G.dlvbridge_test_eval = nil
    s:request('evaluate', { expression = ..., frameId = s.current_frame.id, context = 'repl' }, function(err, r)
      _G.dlvbridge_test_eval = err and ('error: ' .. tostring(err.message or err)) or r.result
    end)]],
  adapter = [[
    local last = require('dlvbridge.dap').last
    return last and { type = last.adapter.type, command = last.adapter.args and table.concat(last.adapter.args, ' ') } or vim.NIL]],
}

local function float()
  local f = lua(Q.float)
  return f ~= vim.NIL and f or nil
end

-- 1. The server starts for the Go buffer.
wait('dlvbridge lsp to attach to main.go', 30000, function()
  return lua(Q.client, go_file) ~= vim.NIL
end)
local client = lua(Q.client, go_file)
out('lsp: dlvbridge attached to main.go, root ' .. client.root)

-- 2. The condition editor on line 54 completes members after `.`.
type_keys(':54<CR>:DlvbridgeCondition<CR>')
wait('the condition editor', 10000, function()
  local f = float()
  return f and f.mode:sub(1, 1) == 'i'
end)
local f = float()
out(('editor: %s filetype=%s clients=%s'):format(f.name, f.filetype, table.concat(f.clients, ',')))
expect('editor footer', f.footer, ' <CR> set · q cancel ')
type_keys('o.Customer.')
wait('completion after o.Customer.', 20000, function()
  return #lua(Q.menu) > 0
end)
out('completion after `o.Customer.`: ' .. table.concat(lua(Q.menu), ' '))
save('condition-completion')

-- 3. An invalid condition: a diagnostic as you type, shown in the footer.
type_keys('<C-e><Esc>cco.Custmer.Name == "alice"')
wait('the diagnostic of o.Custmer', 20000, function()
  local f2 = float()
  return f2 and f2.footer:find('Custmer', 1, true) ~= nil
end)
f = float()
out('typed: ' .. f.text)
for _, d in ipairs(lua(Q.diagnostics, f.name)) do
  out('editor diagnostic: ' .. d)
end
out('footer:' .. f.footer)
type_keys('<C-e>') -- close a completion menu, if one is open, for the picture
vim.wait(300)
save('condition-invalid')

-- 4. q cancels: no breakpoint.
type_keys('<Esc>q')
wait('the editor to close', 10000, function()
  return float() == nil
end)
expect('breakpoints after cancel', #lua(Q.breakpoints, go_file), 0)
out('cancelled: no breakpoint')

-- 5. <CR> sets an invalid condition on line 44 through nvim-dap: a diagnostic
--    on that line of the Go file before any session.
type_keys(':44<CR>:DlvbridgeCondition<CR>')
wait('the condition editor on line 44', 10000, function()
  local f2 = float()
  return f2 and f2.mode:sub(1, 1) == 'i'
end)
type_keys('it.Prise > 10<CR>')
wait('the editor to close after <CR>', 10000, function()
  return float() == nil
end)
for _, b in ipairs(lua(Q.breakpoints, go_file)) do
  out('nvim-dap breakpoint: ' .. b)
end
wait('the Go diagnostic of line 44', 20000, function()
  return #lua(Q.diagnostics, go_file) > 0
end)
for _, d in ipairs(lua(Q.diagnostics, go_file)) do
  out('main.go diagnostic: ' .. d)
end

-- 6. Reopening shows the breakpoint's condition; nvim-dap's own toggle
--    removes it and the diagnostic goes once the cursor rests.
type_keys(':DlvbridgeCondition<CR>')
wait('the condition editor with the condition', 10000, function()
  local f2 = float()
  return f2 and f2.mode:sub(1, 1) == 'i'
end)
out('reopened with: ' .. float().text)
type_keys('<Esc>q')
wait('the editor to close', 10000, function()
  return float() == nil
end)
type_keys(':DapToggleBreakpoint<CR>')
wait('the diagnostic to go', 20000, function()
  return #lua(Q.diagnostics, go_file) == 0
end)
out('after :DapToggleBreakpoint: no breakpoint, no diagnostic')

-- 7. A valid condition on line 54, then a session picked from nvim-dap's
--    list runs through the server's DAP endpoint and stops there.
type_keys(':54<CR>:DlvbridgeCondition<CR>')
wait('the condition editor on line 54', 10000, function()
  local f2 = float()
  return f2 and f2.mode:sub(1, 1) == 'i'
end)
type_keys('total > 150')
wait('no diagnostic for total > 150', 20000, function()
  local f2 = float()
  return f2 and f2.text == 'total > 150' and f2.footer == ' <CR> set · q cancel '
end)
type_keys('<CR>')
wait('the editor to close after <CR>', 10000, function()
  return float() == nil
end)
for _, b in ipairs(lua(Q.breakpoints, go_file)) do
  out('nvim-dap breakpoint: ' .. b)
end

local function run_config(name)
  type_keys(':lua require("dap").continue()<CR>')
  wait('the list of configurations', 10000, function()
    return screen():find(name, 1, true) ~= nil
  end)
  local number = screen():match('(%d+): ' .. vim.pesc(name))
  if not number then
    fail('no numbered entry ' .. name)
  end
  save('configurations')
  type_keys(number .. '<CR>')
end

local function stopped_at(what)
  wait('a stop (' .. what .. ')', 120000, function()
    return lua(Q.stopped) ~= vim.NIL
  end)
  local s = lua(Q.stopped)
  out(('%s: stopped in %s at %s:%d'):format(what, s.name, s.path, s.line))
  lua(Q.evaluate, 'o.ID')
  wait('evaluate o.ID', 20000, function()
    return lua('return _G.dlvbridge_test_eval or vim.NIL') ~= vim.NIL
  end)
  out(what .. ': o.ID = ' .. lua('return _G.dlvbridge_test_eval'))
  local a = lua(Q.adapter)
  local command = a.command and (' dlvbridge ' .. a.command:gsub('127%.0%.0%.1:%d+', '127.0.0.1:PORT')) or ''
  out(what .. ': adapter ' .. a.type .. command)
end

local function terminate(what)
  type_keys(':lua require("dap").terminate()<CR>')
  wait('the session to end (' .. what .. ')', 30000, function()
    return lua('return require("dap").session() == nil')
  end)
end

run_config('Debug package (dlvbridge)')
stopped_at('Debug package')
save('stopped')

-- nvim-dap's REPL completes from the stopped frame (the bridge answers).
type_keys(':lua require("dap").repl.open()<CR><C-w>j')
wait('the REPL window', 10000, function()
  return lua('return vim.bo.filetype') == 'dap-repl'
end)
type_keys('io.Customer.<C-x><C-o>')
wait('REPL completion after o.Customer.', 20000, function()
  return #lua(Q.menu) > 0
end)
out('REPL completion after `o.Customer.`: ' .. table.concat(lua(Q.menu), ' '))
save('repl-completion')
type_keys('<C-e><Esc>:lua require("dap").repl.close()<CR>')
wait('the REPL to close', 10000, function()
  return lua('return vim.bo.filetype') == 'go'
end)
terminate('Debug package')

-- 8. :checkhealth dlvbridge.
type_keys(':checkhealth dlvbridge<CR>')
wait('the health report', 20000, function()
  return lua('return vim.bo.filetype') == 'checkhealth'
    and #lua([[return vim.fn.getline(1, '$')]]) > 5
    and lua([[return table.concat(vim.fn.getline(1, '$'), '\n')]]):find('last session', 1, true) ~= nil
end)
local repo = os.getenv('DLVBRIDGE_REPO')
for _, l in ipairs(lua([[return vim.fn.getline(1, '$')]])) do
  if l:match('^%- ') then
    l = l:gsub(vim.pesc(repo), 'REPO'):gsub('client %d+', 'client N'):gsub('dlvbridge %d+%.%d+%.%d+', 'dlvbridge VERSION')
    out('health ' .. l)
  end
end
type_keys(':tabclose<CR>')
wait('main.go in front again', 10000, function()
  return lua('return vim.api.nvim_buf_get_name(0)') == go_file
end)

-- 9. A binary built under /app: with the server stopped, the adapter runs a
--    dlvbridge dap of its own, which maps the paths with no configuration.
type_keys(':lua vim.lsp.stop_client(vim.lsp.get_clients({ name = "dlvbridge" }))<CR>')
wait('the server to stop', 10000, function()
  return lua('return #vim.lsp.get_clients({ name = "dlvbridge" })') == 0
end)
run_config('Debug binary (dlvbridge)')
wait('the prompt for the binary', 10000, function()
  return screen():find('Binary: ', 1, true) ~= nil
end)
type_keys(vim.fs.basename(foreign) .. '<CR>')
stopped_at('Debug binary built under /app')
terminate('Debug binary')

-- 10. The same build under `dlv --headless`: attach through
--     `dlvbridge dap --connect`, answering the configuration's prompts.
local said = ''
headless = vim.system({ 'dlv', 'exec', '--headless', '--listen=127.0.0.1:0', foreign }, {
  cwd = ws,
  stdout = function(_, data)
    said = said .. (data or '')
  end,
})
local port
wait('dlv --headless to listen', 30000, function()
  port = said:match('listening at: 127%.0%.0%.1:(%d+)')
  return port ~= nil
end)
run_config('Attach to dlv --headless (dlvbridge)')
-- nvim-dap evaluates the configuration's fields in no fixed order.
local asked = {}
for _ = 1, 2 do
  local prompt
  wait('a prompt for the host or the port', 10000, function()
    local last = vim.trim(screen()):match('[^\n]*$')
    prompt = (not asked.host and last:find('dlv --headless host: 127.0.0.1', 1, true) and 'host')
      or (not asked.port and last:find('dlv --headless port: 2345', 1, true) and 'port')
      or nil
    return prompt ~= nil
  end)
  asked[prompt] = true
  type_keys(prompt == 'host' and '<CR>' or ('<C-u>' .. port .. '<CR>'))
end
stopped_at('Attach to dlv --headless')
terminate('Attach to dlv --headless')
headless:kill(9)
out('done')
os.exit(0)
