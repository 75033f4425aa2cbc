" Sluice deal files.
autocmd BufRead,BufNewFile *.deal setfiletype sluice
