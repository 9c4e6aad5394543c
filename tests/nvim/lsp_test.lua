-- Headless Neovim as a real LSP client of `dlvbridge lsp` (run by
-- tests/lsp_nvim.rs): a Go buffer gets character-0 completion and the
-- diagnostics of its breakpoints; a condition buffer (go-breakpoint: URI)
-- gets diagnostics as it changes and completion whose edit Neovim applies.
-- Prints what it saw on stdout; exits 1 with a reason on failure.
local dlvbridge, fixture = arg[1], arg[2]
local root = vim.fs.dirname(fixture)
local line_56 = 55 -- 0-based: the breakpoint line of the fixture

local function out(s)
  io.stdout:write(s .. '\n')
end

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  os.exit(1)
end

local function wait(what, ms, cond)
  if not vim.wait(ms, cond, 20) then
    fail('timed out waiting for ' .. what)
  end
end

-- The Go buffer.
vim.cmd.edit(fixture)
local go = vim.api.nvim_get_current_buf()
vim.bo[go].filetype = 'go'
local id = vim.lsp.start({ name = 'dlvbridge', cmd = { dlvbridge, 'lsp' }, root_dir = root }, { bufnr = go })
if not id then
  fail('vim.lsp.start returned nil')
end
local client = vim.lsp.get_client_by_id(id)
wait('initialize', 20000, function()
  return client.initialized
end)
out('server: ' .. client.server_info.name)

local function request(method, params, bufnr)
  local r = client:request_sync(method, params, 20000, bufnr)
  if not r then
    fail(method .. ': no answer')
  end
  if r.err then
    fail(method .. ': ' .. vim.inspect(r.err))
  end
  return r.result
end

local function labels(result)
  local items = result and (result.items or result) or {}
  local seen = {}
  for _, i in ipairs(items) do
    seen[i.label] = i.detail or '-'
  end
  return seen, #items
end

local go_uri = vim.uri_from_bufnr(go)
local seen, n = labels(request('textDocument/completion', {
  textDocument = { uri = go_uri },
  position = { line = line_56, character = 0 },
}, go))
for _, want in ipairs({ 'o', 'o.Customer', 'o.Customer.Name', 'total', 'via' }) do
  if not seen[want] then
    fail('character-0 completion lacks ' .. want)
  end
  out('go completion: ' .. want .. ' ' .. seen[want])
end
out('go completion items: ' .. (n > 20 and 'more than 20' or tostring(n)))
local elsewhere = request('textDocument/completion', {
  textDocument = { uri = go_uri },
  position = { line = line_56, character = 4 },
}, go)
out('go completion elsewhere: ' .. vim.inspect(elsewhere))

-- Breakpoints of the Go file: an invalid condition is a diagnostic on its line.
local verdicts = request('dlvbridge/setBreakpoints', {
  source = { path = fixture },
  breakpoints = { { line = 56, condition = 'o.Custmer.Name == "alice"' }, { line = 54 } },
}, go)
-- vim.inspect sorts keys; a JSON encoding of a Lua table has no fixed order.
out('verdicts: ' .. vim.inspect(verdicts, { newline = ' ', indent = '' }))
wait('Go diagnostics', 20000, function()
  return #vim.diagnostic.get(go) > 0
end)
for _, d in ipairs(vim.diagnostic.get(go)) do
  out(('go diagnostic: line %d severity %d: %s'):format(d.lnum + 1, d.severity, d.message))
end

-- A condition buffer.
local uri = 'go-breakpoint://' .. fixture .. '?line=56&kind=condition'
local cond = vim.api.nvim_create_buf(true, false)
vim.api.nvim_buf_set_name(cond, uri)
vim.bo[cond].filetype = 'go-breakpoint'
vim.api.nvim_buf_set_lines(cond, 0, -1, false, { 'o.Custmer.Name == "alice"' })
vim.lsp.buf_attach_client(cond, id)
if vim.uri_from_bufnr(cond) ~= uri then
  fail('the buffer URI is ' .. vim.uri_from_bufnr(cond))
end
wait('condition diagnostics', 20000, function()
  return #vim.diagnostic.get(cond) > 0
end)
for _, d in ipairs(vim.diagnostic.get(cond)) do
  out(('condition diagnostic: col %d-%d: %s'):format(d.col, d.end_col, d.message))
end

-- Typing: the diagnostics follow the text.
vim.api.nvim_buf_set_lines(cond, 0, -1, false, { 'o.Cu' })
wait('the diagnostics of the new text', 20000, function()
  local ds = vim.diagnostic.get(cond)
  return #ds == 1 and ds[1].message:find('Cu', 1, true) ~= nil and ds[1].message:find('Custmer', 1, true) == nil
end)
out('condition diagnostic after typing: ' .. vim.diagnostic.get(cond)[1].message)

local result = request('textDocument/completion', {
  textDocument = { uri = uri },
  position = { line = 0, character = 4 },
}, cond)
local items = result.items or result
local customer
for _, i in ipairs(items) do
  if i.label == 'Customer' then
    customer = i
  end
end
if not customer then
  fail('no Customer in ' .. vim.inspect(items))
end
vim.lsp.util.apply_text_edits({ customer.textEdit }, cond, client.offset_encoding)
out('after accepting Customer: ' .. vim.api.nvim_buf_get_lines(cond, 0, -1, false)[1])
wait('no diagnostics once valid', 20000, function()
  local ds = vim.diagnostic.get(cond)
  return #ds == 1 and ds[1].message:find('boolean', 1, true) ~= nil
end)
out('condition diagnostic after accepting: ' .. vim.diagnostic.get(cond)[1].message)

client:stop()
wait('the server to stop', 10000, function()
  return client:is_stopped()
end)
out('stopped')
os.exit(0)
