--- The condition editor: a floating buffer holding one text of the
--- breakpoint under the cursor (condition, hit condition or log message).
--- Its name is the text's condition URI, so `dlvbridge lsp` completes and
--- checks it as you type; <CR> sets it through nvim-dap, q or <Esc> cancels.
local M = {}

local KINDS = {
  condition = { field = 'condition', title = 'condition' },
  hitCondition = { field = 'hitCondition', title = 'hit condition' },
  logMessage = { field = 'logMessage', title = 'log message' },
}

local HINT = ' <CR> set · q cancel '

--- The condition URI of a text at FILE:LINE: the file's URI with the
--- `go-breakpoint` scheme (so the path is percent-encoded the same way).
---@param path string absolute
---@param line integer 1-based
---@param kind string condition|hitCondition|logMessage
---@return string
function M.uri(path, line, kind)
  return (vim.uri_from_fname(path):gsub('^file:', 'go-breakpoint:')) .. ('?line=%d&kind=%s'):format(line, kind)
end

local function fail(msg)
  vim.notify('dlvbridge: ' .. msg, vim.log.levels.ERROR)
end

--- The nvim-dap breakpoint at a line of a buffer, if any.
local function breakpoint_at(buf, line)
  for _, bp in ipairs(require('dap.breakpoints').get(buf)[buf] or {}) do
    if bp.line == line then
      return bp
    end
  end
  return nil
end

--- Shows the first diagnostic of the text in the window's footer (virtual
--- text may be off, and a one-line window has no room under the text).
local function show_diagnostics(win, buf)
  if not vim.api.nvim_win_is_valid(win) then
    return
  end
  local diags = vim.diagnostic.get(buf)
  table.sort(diags, function(a, b)
    return a.severity < b.severity
  end)
  local footer, hl = HINT, 'FloatFooter'
  if diags[1] then
    local d = diags[1]
    footer = ' ' .. d.message:gsub('\n.*', '') .. ' '
    hl = d.severity == vim.diagnostic.severity.ERROR and 'DiagnosticError' or 'DiagnosticWarn'
  end
  vim.api.nvim_win_set_config(win, { footer = { { footer, hl } }, footer_pos = 'left' })
end

--- Opens the editor for one text of the breakpoint under the cursor (a new
--- breakpoint if the line has none).
---@param kind string condition|hitCondition|logMessage
function M.open(kind)
  local spec = KINDS[kind]
  local ok, dap = pcall(require, 'dap')
  if not ok then
    return fail('nvim-dap is not installed; breakpoints are set through it')
  end
  local src_buf = vim.api.nvim_get_current_buf()
  local src_win = vim.api.nvim_get_current_win()
  local path = vim.api.nvim_buf_get_name(src_buf)
  if vim.bo[src_buf].filetype ~= 'go' or path == '' then
    return fail('put the cursor on a line of a Go file')
  end
  local client = vim.lsp.get_clients({ name = require('dlvbridge.lsp').name, bufnr = src_buf })[1]
  if not client then
    return fail('dlvbridge lsp is not running for this buffer (see :checkhealth dlvbridge)')
  end
  local line = vim.api.nvim_win_get_cursor(src_win)[1]
  local existing = breakpoint_at(src_buf, line) or {}

  local uri = M.uri(path, line, kind)
  local old = vim.fn.bufnr(uri)
  if old ~= -1 then
    vim.api.nvim_buf_delete(old, { force = true })
  end
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(buf, uri)
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].filetype = 'go-breakpoint'
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { existing[spec.field] or '' })

  local width = math.max(40, math.min(vim.o.columns - 10, 100))
  local win = vim.api.nvim_open_win(buf, true, {
    relative = 'cursor',
    row = 1,
    col = 0,
    width = width,
    height = 1,
    style = 'minimal',
    border = 'rounded',
    title = (' %s · %s:%d '):format(spec.title, vim.fn.fnamemodify(path, ':t'), line),
    title_pos = 'left',
    footer = HINT,
    footer_pos = 'left',
  })

  vim.lsp.buf_attach_client(buf, client.id)
  vim.bo[buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
  -- Nothing is selected or inserted until you pick an item, so <CR> sets
  -- the text even while a menu shows (buffer-local from 0.11).
  pcall(function()
    vim.bo[buf].completeopt = 'menuone,noselect,popup'
  end)
  if require('dlvbridge').config.autocomplete and vim.lsp.completion and vim.lsp.completion.enable then
    vim.lsp.completion.enable(true, client.id, buf, { autotrigger = true })
  end

  vim.api.nvim_create_autocmd('DiagnosticChanged', {
    buffer = buf,
    callback = function()
      show_diagnostics(win, buf)
    end,
  })

  -- A completion answer still on its way reads this window's cursor when
  -- it arrives (Neovim's completion), so the window outlives it.
  local function settle()
    if vim.lsp.completion and vim.lsp.completion.enable then
      pcall(vim.lsp.completion.enable, false, client.id, buf)
    end
    vim.wait(1000, function()
      for _, request in pairs(client.requests or {}) do
        if request.bufnr == buf and request.type == 'pending' then
          return false
        end
      end
      return true
    end, 10)
    -- Its callback is scheduled once the answer is in: let it run.
    vim.wait(20)
  end

  local function close()
    settle()
    if vim.api.nvim_win_is_valid(win) then
      vim.api.nvim_win_close(win, true)
    end
    if vim.api.nvim_win_is_valid(src_win) then
      vim.api.nvim_set_current_win(src_win)
    end
  end

  local function apply()
    local text = vim.trim(table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), ' '))
    vim.cmd.stopinsert()
    close()
    if not vim.api.nvim_buf_is_valid(src_buf) then
      return
    end
    if vim.api.nvim_get_current_buf() ~= src_buf then
      vim.api.nvim_set_current_buf(src_buf)
    end
    vim.api.nvim_win_set_cursor(0, { line, 0 })
    local texts = {
      condition = existing.condition,
      hitCondition = existing.hitCondition,
      logMessage = existing.logMessage,
    }
    texts[spec.field] = text ~= '' and text or nil
    dap.set_breakpoint(texts.condition, texts.hitCondition, texts.logMessage)
    require('dlvbridge.lsp').sync_breakpoints(src_buf, true)
  end

  local map = function(mode, lhs, rhs)
    vim.keymap.set(mode, lhs, rhs, { buffer = buf, nowait = true })
  end
  map('n', '<CR>', apply)
  map('i', '<CR>', function()
    if vim.fn.pumvisible() == 1 and vim.fn.complete_info({ 'selected' }).selected ~= -1 then
      -- An item picked in the menu: accept it, as <C-y> does.
      vim.api.nvim_feedkeys(vim.keycode('<C-y>'), 'n', false)
    else
      apply()
    end
  end)
  map('n', 'q', close)
  map('n', '<Esc>', close)
  vim.cmd.startinsert({ bang = true })
end

return M
