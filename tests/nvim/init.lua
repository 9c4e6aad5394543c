-- The user's init.lua of the Neovim plugin test (tests/nvim/run): the plugin
-- and nvim-dap on the runtimepath and setup{} with its defaults, as the
-- plugin's README says; dlvbridge and dlv come from PATH.
local repo = assert(os.getenv('DLVBRIDGE_REPO'), 'DLVBRIDGE_REPO is not set')
vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.opt.runtimepath:append(repo .. '/.tools/nvim-dap')
vim.o.updatetime = 300 -- CursorHold, when the plugin resends changed breakpoints
vim.o.shortmess = vim.o.shortmess .. 'I'
vim.o.wrap = false
require('dlvbridge').setup({ log_file = os.getenv('DLVBRIDGE_TEST_LOG') })
